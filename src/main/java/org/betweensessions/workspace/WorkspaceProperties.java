package org.betweensessions.workspace;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The browser workspace. {@code publicUrl}: where people open it (links in Camunda Forms point
 * there), e.g. {@code https://practice.example.org}.
 */
@ConfigurationProperties("bsc.workspace")
public record WorkspaceProperties(String publicUrl) {

    public WorkspaceProperties {
        if (publicUrl == null || publicUrl.isBlank()) {
            publicUrl = "http://localhost:8080";
        }
        publicUrl = publicUrl.replaceAll("/+$", "");
    }
}
