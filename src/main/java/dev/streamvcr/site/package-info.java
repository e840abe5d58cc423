/**
 * Sites: turning the URL of a page that announces a broadcast into a source the recorder can play. A
 * {@link dev.streamvcr.site.SiteResolver} looks at a page through a {@link dev.streamvcr.site.SiteSession} (which
 * may be logged in to the site) and proposes {@link dev.streamvcr.site.SourceCandidate}s.
 *
 * <p>{@link dev.streamvcr.site.SiteResolution} runs the resolvers in order and chooses: stream addresses as they
 * are, site plugins ({@code site.plugin}: {@code amf-channel} for Ustream-like channels, {@code player-status} for
 * Niconico-like broadcasts), recipes (made per page and owner by a {@link dev.streamvcr.site.PageResolvers}, see
 * {@code site.recipe}), then {@link dev.streamvcr.site.GenericDiscovery}. Sessions come from
 * {@link dev.streamvcr.site.SiteSessions}: in the application the one in {@code site.login}, logged in with the
 * owner's own stored account when the page's site needs it (a failed login is a
 * {@link dev.streamvcr.site.SiteLoginException}, and the reservation fails with its words). Every request goes
 * through the bounded, policy-checked {@link dev.streamvcr.site.PageFetcher} with the session's
 * {@link dev.streamvcr.site.CookieJar}, which a site account keeps sealed between logins.
 */
package dev.streamvcr.site;
