package dev.streamvcr.web;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** The error page every feature's failures are shown with, type-checked at build time. */
@CheckedTemplate
public class ErrorTemplates {

    /** @param viewer who is logged in, for the menu; null draws the page without it */
    public static native TemplateInstance error(int status, String message, MenuViewer viewer);
}
