package fr.barometre.survey.page;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

import java.util.List;

/** The respondent's pages and the error page; each uses the layout {@code templates/layout.html}. */
@CheckedTemplate(basePath = "Templates")
public class Templates {

    public static native TemplateInstance error(PageChrome.Chrome chrome, String title, String explanation, int status);

    public static native TemplateInstance home(PageChrome.Chrome chrome, String authorityName, List<HomeResource.CampaignRow> campaigns,
                                               boolean respondent);

    public static native TemplateInstance overview(PageChrome.Chrome chrome, ResponseForm form, List<ResponseForm.ReportItem> report);

    public static native TemplateInstance step(PageChrome.Chrome chrome, ResponseForm form, ResponseForm.Step step, boolean saved,
                                               List<ResponseForm.Difference> differences);
}
