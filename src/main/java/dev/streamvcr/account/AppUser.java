package dev.streamvcr.account;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;

/** A person who logs in to StreamVCR. */
@Entity
@Table(name = "app_user")
public class AppUser extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false, unique = true, length = 64)
    public String username;

    @Column(name = "password_hash", nullable = false, length = 100)
    public String passwordHash;

    @Column(nullable = false, length = 16)
    public String role;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** Set when an admin reset the password: the next login leads to a page that asks for a new one first. */
    @Column(name = "must_change_password", nullable = false)
    public boolean mustChangePassword;

    /** A disabled account cannot log in, and its sessions and tokens are refused. */
    @Column(nullable = false)
    public boolean disabled;

    public static Optional<AppUser> findByUsername(String username) {
        return find("username", username).firstResultOptional();
    }

    public boolean isAdmin() {
        return Role.ADMIN.id().equals(role);
    }
}
