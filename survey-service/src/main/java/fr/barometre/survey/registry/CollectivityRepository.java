package fr.barometre.survey.registry;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class CollectivityRepository implements PanacheRepositoryBase<Collectivity, String> {
}
