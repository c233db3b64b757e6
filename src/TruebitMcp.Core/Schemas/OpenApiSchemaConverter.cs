using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace TruebitMcp.Core.Schemas;

public enum SchemaDirection { Input, Output }

/// <summary>
/// Turns an OpenAPI schema into a self-contained JSON Schema (2020-12) that MCP hosts accept: references inlined
/// with cycles cut, allOf merged, oneOf → anyOf, nullable → type union, arrays always with items, readOnly
/// properties dropped from inputs (writeOnly from outputs), OpenAPI-only keywords removed. Inlining is bounded:
/// once <paramref name="maxNodes"/> subschemas have been produced, further references become "any value" stubs, so
/// documents whose (acyclic) references fan out widely cannot yield megabyte schemas that hosts reject.
/// </summary>
public sealed class OpenApiSchemaConverter(SchemaDirection direction, int maxDepth = 16, int maxNodes = OpenApiSchemaConverter.DefaultMaxNodes)
{
    /// <summary>Subschemas one conversion may produce before references stop being expanded.</summary>
    public const int DefaultMaxNodes = 1000;
    /// <summary>Ends the description of every part left out for size or depth; the catalogue warns when it finds one.</summary>
    public const string CutMarker = "any value accepted)";

    private readonly Stack<string> _refs = new();
    private int _nodes;

    public JsonObject Convert(IOpenApiSchema? schema) => Convert(schema, 0);

    private JsonObject Convert(IOpenApiSchema? schema, int depth)
    {
        if (schema is null) return [];
        if (depth > maxDepth) return new JsonObject { ["description"] = $"(nested too deeply; {CutMarker}" };

        if (schema is OpenApiSchemaReference reference)
        {
            var id = reference.Reference?.Id ?? reference.Reference?.ReferenceV3 ?? "?";
            if (reference.Target is null)
                return new JsonObject { ["description"] = $"(unresolved reference {id}; any value accepted)" };
            if (_refs.Contains(id))
            {
                // Only claim "object" when the target is one: a recursive array or union must not be narrowed.
                var stub = new JsonObject();
                if (reference.Type == JsonSchemaType.Object) stub["type"] = "object";
                stub["description"] = $"Recursive {id} (not expanded further).";
                return stub;
            }
            if (_nodes >= maxNodes)
                return new JsonObject { ["description"] = $"{id} (not expanded: the schema is too large; {CutMarker}." };
            _refs.Push(id);
            try { return ConvertBody(reference, depth); }
            finally { _refs.Pop(); }
        }
        return ConvertBody(schema, depth);
    }

    private JsonObject ConvertBody(IOpenApiSchema s, int depth)
    {
        _nodes++;
        var o = new JsonObject();
        Put(o, "title", s.Title);
        Put(o, "description", s.Description);

        var types = s.Type is { } t ? OpenApiTypeMapper.ToIdentifiers(t) : [];
        if (types.Length == 1) o["type"] = types[0];
        else if (types.Length > 1) o["type"] = new JsonArray(types.Select(x => (JsonNode)x!).ToArray());

        Put(o, "format", s.Format);
        Put(o, "pattern", s.Pattern);
        PutNumber(o, "minimum", s.Minimum);
        PutNumber(o, "maximum", s.Maximum);
        PutNumber(o, "exclusiveMinimum", s.ExclusiveMinimum);
        PutNumber(o, "exclusiveMaximum", s.ExclusiveMaximum);
        if (s.MultipleOf is { } mo) o["multipleOf"] = mo;
        if (s.MinLength is { } minL) o["minLength"] = minL;
        if (s.MaxLength is { } maxL) o["maxLength"] = maxL;
        if (s.MinItems is { } minI) o["minItems"] = minI;
        if (s.MaxItems is { } maxI) o["maxItems"] = maxI;
        if (s.UniqueItems == true) o["uniqueItems"] = true;
        if (s.MinProperties is { } minP) o["minProperties"] = minP;
        if (s.MaxProperties is { } maxP) o["maxProperties"] = maxP;
        if (s.Enum is { Count: > 0 } en) o["enum"] = new JsonArray(en.Select(e => e?.DeepClone()).ToArray());
        if (s.Const is { } c) o["const"] = c;
        if (s.Default is { } def) o["default"] = def.DeepClone();
        if (s.Examples is { Count: > 0 } examples) o["examples"] = new JsonArray(examples.Select(e => e?.DeepClone()).ToArray());
#pragma warning disable CS0618 // OpenAPI 3.0 documents still use the single "example".
        else if (s.Example is { } ex) o["examples"] = new JsonArray(ex.DeepClone());
#pragma warning restore CS0618
        if (s.Deprecated) o["deprecated"] = true;

        if (s.Properties is { Count: > 0 } props)
        {
            var p = new JsonObject();
            foreach (var (name, child) in props)
            {
                if (direction == SchemaDirection.Input && child.ReadOnly) continue;
                if (direction == SchemaDirection.Output && child.WriteOnly) continue;
                p[name] = Convert(child, depth + 1);
            }
            o["properties"] = p;
            if (!o.ContainsKey("type")) o["type"] = "object";
        }

        if (s.AdditionalProperties is { } ap) o["additionalProperties"] = Convert(ap, depth + 1);
        else if (!s.AdditionalPropertiesAllowed) o["additionalProperties"] = false;

        if (Has(types, "array") || s.Items is not null)
        {
            o["items"] = s.Items is null ? new JsonObject() : Convert(s.Items, depth + 1);
            if (!o.ContainsKey("type")) o["type"] = "array";
        }

        if (s.AllOf is { Count: > 0 } allOf) MergeAllOf(o, allOf.Select(x => Convert(x, depth + 1)));
        // Required names apply to the properties left after readOnly/writeOnly filtering and allOf merging.
        if (s.Required is { Count: > 0 } req && o["properties"] is JsonObject finalProps)
        {
            var have = (o["required"] as JsonArray)?.Select(r => r!.GetValue<string>()).ToHashSet() ?? [];
            var kept = req.Where(r => finalProps.ContainsKey(r) && !have.Contains(r)).Order(StringComparer.Ordinal).ToArray();
            if (kept.Length > 0)
            {
                var list = o["required"] as JsonArray ?? (JsonArray)(o["required"] = new JsonArray());
                foreach (var r in kept) list.Add(r);
            }
        }
        var alternatives = (s.OneOf ?? []).Concat(s.AnyOf ?? []).ToList();
        if (alternatives.Count > 0)
            o["anyOf"] = new JsonArray(alternatives.Select(x => (JsonNode)Convert(x, depth + 1)).ToArray());
        if (s.Not is { } not) o["not"] = Convert(not, depth + 1);
        return o;
    }

    /// <summary>Folds allOf members into one object: properties and required lists unite, the first value of any other keyword wins.</summary>
    private static void MergeAllOf(JsonObject target, IEnumerable<JsonObject> members)
    {
        foreach (var member in members)
        {
            foreach (var (key, value) in member.ToList())
            {
                if (value is null) continue;
                switch (key)
                {
                    case "properties":
                        var props = target["properties"] as JsonObject ?? (JsonObject)(target["properties"] = new JsonObject());
                        foreach (var (pn, pv) in ((JsonObject)value).ToList())
                            if (!props.ContainsKey(pn)) props[pn] = pv?.DeepClone();
                        break;
                    case "required":
                        var req = target["required"] as JsonArray ?? (JsonArray)(target["required"] = new JsonArray());
                        var have = req.Select(r => r!.GetValue<string>()).ToHashSet();
                        foreach (var r in (JsonArray)value)
                            if (have.Add(r!.GetValue<string>())) req.Add(r.GetValue<string>());
                        break;
                    default:
                        if (!target.ContainsKey(key)) target[key] = value.DeepClone();
                        break;
                }
            }
        }
        if (target["properties"] is not null && !target.ContainsKey("type")) target["type"] = "object";
    }

    private static bool Has(string[] types, string t) => Array.IndexOf(types, t) >= 0;

    private static void Put(JsonObject o, string key, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value)) o[key] = value;
    }

    private static void PutNumber(JsonObject o, string key, string? value)
    {
        if (value is null) return;
        if (long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l)) o[key] = l;
        else if (decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) o[key] = d;
    }
}
