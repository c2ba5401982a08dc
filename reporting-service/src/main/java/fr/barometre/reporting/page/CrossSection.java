package fr.barometre.reporting.page;

import fr.barometre.reporting.figures.Filters;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** The edition page's cross-analysis of the themes by the answer to GOV-PORTAGE (placeholder until the cross figures exist). */
@ApplicationScoped
public class CrossSection {

    Model.Cross of(String code, Filters filters, boolean published) {
        return new Model.Cross(EditionPages.CROSS_QUESTION, "Portage de la stratégie numérique", List.of(), List.of(), null, null,
                "Le croisement n'est pas encore disponible.");
    }
}
