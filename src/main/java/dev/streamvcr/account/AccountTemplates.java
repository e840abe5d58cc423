package dev.streamvcr.account;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import java.util.List;
import java.util.Map;

/** The login and account pages, type-checked at build time (templates under {@code templates/account/}). */
@CheckedTemplate(basePath = "account")
public class AccountTemplates {

    /** What an admin typed into the new-account form (never the password). */
    public record AccountForm(String username, String role) {
        public static final AccountForm EMPTY = new AccountForm("", "user");
    }

    public static native TemplateInstance login(String next, String username, String error);

    public static native TemplateInstance account(Viewer viewer, Map<String, String> errors, String notice,
            List<TokenService.TokenView> tokens);

    public static native TemplateInstance newPassword(Viewer viewer, Map<String, String> errors);

    public static native TemplateInstance confirmRevoke(Viewer viewer, TokenService.TokenView token);

    public static native TemplateInstance adminUser(Viewer viewer, UserApi.UserView user, Map<String, String> errors,
            String refusal, String notice);

    public static native TemplateInstance confirmDeleteUser(Viewer viewer, UserApi.UserView user,
            List<UserApi.UserView> heirs, Map<String, String> errors, String refusal);

    public static native TemplateInstance adminUsers(Viewer viewer, List<UserApi.UserView> users, AccountForm form,
            Map<String, String> errors, String notice);
}
