package dev.streamvcr.account;

/** What a person may do: {@code user} books and sees their own work; {@code admin} also manages people and sees all. */
public enum Role {
    USER("user"), ADMIN("admin");

    private final String id;

    Role(String id) {
        this.id = id;
    }

    /** The name stored in the database and used in security checks. */
    public String id() {
        return id;
    }

    public static Role fromId(String id) {
        for (Role role : values()) {
            if (role.id.equals(id)) {
                return role;
            }
        }
        throw new IllegalArgumentException("Unknown role: " + id);
    }
}
