/**
 * Sites: turning the URL of a page that announces a broadcast into a source the recorder can play. A
 * {@link dev.streamvcr.site.SiteResolver} looks at a page through a {@link dev.streamvcr.site.SiteSession} (which
 * may be logged in to the site) and proposes {@link dev.streamvcr.site.SourceCandidate}s.
 */
package dev.streamvcr.site;
