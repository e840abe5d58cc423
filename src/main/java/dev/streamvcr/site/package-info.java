/**
 * Sites: turning the URL of a page that announces a broadcast into a source the recorder can play. A
 * {@link dev.streamvcr.site.SiteResolver} looks at a page through a {@link dev.streamvcr.site.SiteSession} (which
 * may be logged in to the site) and proposes {@link dev.streamvcr.site.SourceCandidate}s.
 *
 * <p>{@link dev.streamvcr.site.SiteResolution} runs the resolvers in order and chooses; sessions come from
 * {@link dev.streamvcr.site.SiteSessions} (anonymous by default), pages from the bounded, policy-checked
 * {@link dev.streamvcr.site.PageFetcher}; {@link dev.streamvcr.site.GenericDiscovery} reads any page, and
 * {@code site.plugin} holds the Java plugins for particular sites.
 */
package dev.streamvcr.site;
