package dev.streamvcr.account;

/**
 * Fired (as a CDI event) whenever an account, its password or its tokens change, so the audit trail can note it
 * without this package knowing the audit.
 *
 * @param actor who did it
 * @param kind what was done
 * @param allowed false for a refused attempt (a wrong current password, the last admin)
 * @param detail what a reader of the audit needs: whose account, what changed
 * @param subject the username of the account changed
 */
public record AccountChanged(Viewer actor, Kind kind, boolean allowed, String detail, String subject) {

    /** A change of the actor's own account. */
    public AccountChanged(Viewer actor, Kind kind, boolean allowed, String detail) {
        this(actor, kind, allowed, detail, actor == null ? null : actor.username());
    }

    /** The kinds of change. */
    public enum Kind {
        PASSWORD_CHANGE, TOKEN_REVOKE, ACCOUNT_ENABLE, ACCOUNT_DISABLE, PASSWORD_RESET, ROLE_CHANGE, ACCOUNT_DELETE,
        ADMIN_RESET, ACCOUNT_CREATE, TOKEN_CREATE
    }
}
