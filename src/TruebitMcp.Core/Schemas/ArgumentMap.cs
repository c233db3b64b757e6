namespace TruebitMcp.Core.Schemas;

public enum ArgumentLocation { Path, Query, Header, BodyProperty, Body }

/// <summary>Where one tool argument goes in the Truebit input: <paramref name="TargetName"/> is the name in the manifest.</summary>
public sealed record ArgumentBinding(string ArgumentName, ArgumentLocation Location, string TargetName);

/// <summary>The mapping from a tool's arguments back to path, query, header and body, kept so the input can be rebuilt.</summary>
public sealed class ArgumentMap(IReadOnlyList<ArgumentBinding> bindings)
{
    public IReadOnlyList<ArgumentBinding> Bindings { get; } = bindings;
    public ArgumentBinding? Find(string argumentName) => Bindings.FirstOrDefault(b => b.ArgumentName == argumentName);
}
