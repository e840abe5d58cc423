package dev.streamvcr.account;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;

/** A browser session or a personal API token. Only the SHA-256 of its secret is kept. */
@Entity
@Table(name = "access_token")
public class AccessToken extends PanacheEntityBase {

    public static final String SESSION = "session";
    public static final String API = "api";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @ManyToOne(optional = false)
    @JoinColumn(name = "user_id")
    public AppUser user;

    @Column(nullable = false, length = 16)
    public String kind;

    @Column(name = "token_hash", nullable = false, unique = true, length = 64)
    public String tokenHash;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    /** A name the owner gave an API token, to tell them apart in the list. */
    @Column(length = 100)
    public String name;

    /** When the token last authenticated a request; written at most once a minute. */
    @Column(name = "last_used_at")
    public Instant lastUsedAt;
}
