package dev.streamvcr.account;

import dev.streamvcr.web.FieldErrors;

/** What an admin chose for a deleted account's recordings: {@code handover} to an admin, or {@code delete}. */
final class AccountDeletionChoice {

    private AccountDeletionChoice() {
    }

    /**
     * The admin to hand the recordings to, or null to delete them.
     *
     * @throws FieldErrors naming {@code recordings} or {@code heir} when the choice is missing or unreadable
     */
    static Long heir(String recordings, String heir) {
        String choice = recordings == null ? "" : recordings.strip();
        if ("delete".equals(choice)) {
            return null;
        }
        if (!"handover".equals(choice)) {
            throw FieldErrors.of("recordings", "Choose what happens to the recordings: 'handover' (to an admin) or "
                    + "'delete'.");
        }
        try {
            return Long.parseLong(heir == null ? "" : heir.strip());
        } catch (NumberFormatException e) {
            throw FieldErrors.of("heir", "Choose the admin to hand the recordings to.");
        }
    }
}
