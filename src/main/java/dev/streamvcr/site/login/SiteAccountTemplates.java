package dev.streamvcr.site.login;

import dev.streamvcr.account.Viewer;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import java.util.List;
import java.util.Map;

/** The site accounts page, type-checked at build time (templates under {@code templates/site/}). */
@CheckedTemplate(basePath = "site")
public class SiteAccountTemplates {

    /** What was typed into the new-account form (never the password). */
    public record Form(String site, String username, String loginUrl, boolean allowHttp) {
        public static final Form EMPTY = new Form("", "", "", false);
    }

    public static native TemplateInstance siteAccounts(Viewer viewer, List<SiteAccountView> accounts, Form form,
            Map<String, String> errors, String notice, String problem);

    public static native TemplateInstance confirmDeleteAccount(Viewer viewer, SiteAccountView account);
}
