package fr.barometre.reporting.page;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** The pages' templates (src/main/resources/templates), checked against their models at build time. */
@CheckedTemplate
public class Templates {

    public static native TemplateInstance home(Model.Home page);

    public static native TemplateInstance edition(Model.Edition page);

    public static native TemplateInstance theme(Model.Theme page);

    public static native TemplateInstance error(Model.Error page);
}
