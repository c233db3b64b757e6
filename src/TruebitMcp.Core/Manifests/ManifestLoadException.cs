namespace TruebitMcp.Core.Manifests;

/// <summary>A manifest that cannot be used: names the file, the JSON pointer and the reason.</summary>
public sealed class ManifestLoadException(string file, string pointer, string reason)
    : Exception($"{file}{(string.IsNullOrEmpty(pointer) ? "" : " at " + pointer)}: {reason}")
{
    public string File { get; } = file;
    public string Pointer { get; } = pointer;
    public string Reason { get; } = reason;
}
