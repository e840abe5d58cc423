package dev.streamvcr.site.login;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One user's login to one site. The password and cookies are sealed by {@link SecretBox} with a context naming
 * this row and its owner; the ID comes from the sequence at persist time so the password can be sealed for it
 * before the row is written.
 */
@Entity
@Table(name = "site_account")
public class SiteAccount extends PanacheEntityBase {

    @Id
    @SequenceGenerator(name = "site_account_ids", sequenceName = "site_account_id_seq", allocationSize = 1)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "site_account_ids")
    public Long id;

    @Column(name = "owner_id", nullable = false)
    public long ownerId;

    /** A host name ({@code live.example.com}) or a recipe's name, lower case. */
    @Column(nullable = false, length = 200)
    public String site;

    @Column(nullable = false, length = 200)
    public String username;

    /** Where the login form is: the only origin the password is sent to; default {@code https://<site>/}. */
    @Column(name = "login_url", length = 2048)
    public String loginUrl;

    /** The owner allowed plain http for a login page on their own network. */
    @Column(name = "allow_http", nullable = false)
    public boolean allowHttp;

    @Column(name = "password_sealed", nullable = false)
    public byte[] passwordSealed;

    @Column(name = "cookies_sealed")
    public byte[] cookiesSealed;

    /** The page the last successful login led to: one only a logged-in visitor sees, used to test kept cookies. */
    @Column(name = "landing_url", length = 2048)
    public String landingUrl;

    @Column(name = "last_login_at")
    public Instant lastLoginAt;

    @Column(name = "last_error")
    public String lastError;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** The AAD for one of this row's secrets: ciphertexts cannot move between rows, owners or purposes. */
    String context(String purpose) {
        return "site_account:" + id + ":owner " + ownerId + ":" + purpose;
    }

    @Override
    public String toString() {
        return "SiteAccount[" + id + ", owner " + ownerId + ", " + site + ", " + username + "]";
    }
}
