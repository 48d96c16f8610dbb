package ru.berezhno.core.plugins;

/** Start-up cannot go on because the plugins found are inconsistent. */
public final class PluginLoadingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PluginLoadingException(String message) {
        super(message);
    }
}
