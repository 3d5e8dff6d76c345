package dev.lancebench.settings;

/** A setting has a value that cannot be used; the message names the key, the value and the fix. */
public final class SettingException extends IllegalArgumentException {
  public SettingException(String message) {
    super(message);
  }
}
