namespace Portal;

/// Marker for the shared UI strings (Resources/SharedResource.*.resx). English text is the key, German lives in the .de file.
public sealed class SharedResource;
