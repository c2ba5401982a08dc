package fr.barometre.survey.registry;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;

/** A local authority of the registry. */
@Entity
@Table(name = "collectivity")
public class Collectivity {

    @Id
    public String siren;

    @Column(name = "insee_code")
    public String inseeCode;

    public String name;

    @Column(name = "search_name")
    public String searchName;

    @Enumerated(EnumType.STRING)
    public CollectivityKind kind;

    public Integer population;

    @Enumerated(EnumType.STRING)
    public Stratum stratum;

    public String departement;

    public String region;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(columnDefinition = "text[]")
    public String[] networks = new String[0];

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    public Set<String> networkSet() {
        return new TreeSet<>(Arrays.asList(networks));
    }

    public void setNetworks(Set<Network> values) {
        networks = values.stream().map(Enum::name).sorted().toArray(String[]::new);
    }

    public void setPopulation(Integer population) {
        this.population = population;
        this.stratum = Stratum.of(population).orElse(null);
    }

    public void setName(String name) {
        this.name = name;
        this.searchName = Names.searchable(name);
    }
}
