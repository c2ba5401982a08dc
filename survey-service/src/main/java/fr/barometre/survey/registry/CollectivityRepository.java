package fr.barometre.survey.registry;

import io.agroal.api.AgroalDataSource;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

/** The registry: authorities one at a time as entities; the import's set-based upsert in SQL. */
@ApplicationScoped
public class CollectivityRepository implements PanacheRepositoryBase<Collectivity, String> {

    /** What an upsert did: authorities added, and changed ones updated (the others were unchanged). */
    public record Upserted(int inserted, int updated) {
    }

    private static final String UPSERT = """
            insert into collectivity as c (siren, insee_code, name, search_name, kind, population, stratum, departement, region)
            select * from unnest(?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::integer[], ?::varchar[], ?::varchar[], ?::varchar[])
            on conflict (siren) do update set
                insee_code = excluded.insee_code, name = excluded.name, search_name = excluded.search_name,
                kind = excluded.kind, population = excluded.population, stratum = excluded.stratum,
                departement = excluded.departement, region = excluded.region, updated_at = now()
            where (c.insee_code, c.name, c.kind, c.population, c.departement, c.region)
                  is distinct from (excluded.insee_code, excluded.name, excluded.kind, excluded.population, excluded.departement, excluded.region)
            returning (xmax = 0) as inserted
            """;

    /** The columns {@link #read} reads of an authority aliased {@code a} in a statement. */
    public static final String COLUMNS = "a.siren, a.insee_code, a.name, a.search_name, a.kind, a.population, a.stratum,"
            + " a.departement, a.region, a.networks, a.created_at, a.updated_at";
    /** How many columns {@link #COLUMNS} names. */
    public static final int COLUMN_COUNT = 12;

    @Inject
    AgroalDataSource dataSource;

    /**
     * The authority of {@link #COLUMNS} read from column {@code first} on, as a copy that no persistence
     * context manages (changing it changes nothing in the database); null when there is none.
     */
    public static Collectivity read(ResultSet rs, int first) throws SQLException {
        String siren = rs.getString(first);
        if (siren == null) {
            return null;
        }
        Collectivity a = new Collectivity();
        a.siren = siren;
        a.inseeCode = rs.getString(first + 1);
        a.name = rs.getString(first + 2);
        a.searchName = rs.getString(first + 3);
        a.kind = CollectivityKind.valueOf(rs.getString(first + 4));
        int population = rs.getInt(first + 5);
        a.population = rs.wasNull() ? null : population;
        String stratum = rs.getString(first + 6);
        a.stratum = stratum == null ? null : Stratum.valueOf(stratum);
        a.departement = rs.getString(first + 7);
        a.region = rs.getString(first + 8);
        a.networks = (String[]) rs.getArray(first + 9).getArray();
        a.createdAt = instant(rs, first + 10);
        a.updatedAt = instant(rs, first + 11);
        return a;
    }

    /** A timestamp column as an instant, or null. */
    public static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime at = rs.getObject(column, OffsetDateTime.class);
        return at == null ? null : at.toInstant();
    }

    /** Whether the registry holds no authority yet (read on its own connection, at startup too). */
    boolean isEmptyRegistry() {
        try (Connection connection = dataSource.getConnection();
             ResultSet rs = connection.createStatement().executeQuery("select exists (select 1 from collectivity)")) {
            rs.next();
            return !rs.getBoolean(1);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the registry", e);
        }
    }

    /**
     * Inserts new authorities and updates changed ones, in the caller's transaction (the import's, with
     * its journal entry); networks are the admins' to manage: never touched.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    Upserted upsert(List<RegistryEntry> entries) {
        int n = entries.size();
        String[] sirens = new String[n], insee = new String[n], names = new String[n], search = new String[n],
                kinds = new String[n], strata = new String[n], departements = new String[n], regions = new String[n];
        Integer[] populations = new Integer[n];
        for (int i = 0; i < n; i++) {
            RegistryEntry e = entries.get(i);
            sirens[i] = e.siren();
            insee[i] = e.inseeCode();
            names[i] = e.name();
            search[i] = Names.searchable(e.name());
            kinds[i] = e.kind().name();
            populations[i] = e.population();
            strata[i] = Stratum.of(e.population()).map(Enum::name).orElse(null);
            departements[i] = e.departement();
            regions[i] = e.region();
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement ps = connection.prepareStatement(UPSERT)) {
            ps.setArray(1, connection.createArrayOf("varchar", sirens));
            ps.setArray(2, connection.createArrayOf("varchar", insee));
            ps.setArray(3, connection.createArrayOf("varchar", names));
            ps.setArray(4, connection.createArrayOf("varchar", search));
            ps.setArray(5, connection.createArrayOf("varchar", kinds));
            ps.setArray(6, connection.createArrayOf("integer", populations));
            ps.setArray(7, connection.createArrayOf("varchar", strata));
            ps.setArray(8, connection.createArrayOf("varchar", departements));
            ps.setArray(9, connection.createArrayOf("varchar", regions));
            int inserted = 0, returned = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    returned++;
                    if (rs.getBoolean(1)) {
                        inserted++;
                    }
                }
            }
            return new Upserted(inserted, returned - inserted);
        } catch (SQLException e) {
            throw new IllegalStateException("Registry import failed", e);
        }
    }
}
