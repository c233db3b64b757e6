using System.Text.Json;
using System.Text.Json.Nodes;
using TruebitMcp.Core.Security;

namespace TruebitMcp.Core.Tests;

public class SecretRedactorTests
{
    private const string Key = "tb_live_9f8e7d6c5b4a";
    private const string Quoted = "p\"ss\\word</tag>";

    private static readonly SecretRedactor Redactor = new([Key, Quoted, "abc"]);

    [Fact]
    public void Text_is_masked()
    {
        var s = Redactor.Redact($"calling with key {Key} and again {Key}.");
        Assert.DoesNotContain(Key, s);
        Assert.Equal($"calling with key {SecretRedactor.Mask} and again {SecretRedactor.Mask}.", s);
    }

    [Fact]
    public void Short_values_are_not_treated_as_secrets()
    {
        Assert.Equal("abc abc", Redactor.Redact("abc abc"));
    }

    [Fact]
    public void Longer_secret_containing_a_shorter_one_is_fully_masked()
    {
        var r = new SecretRedactor(["secret", "secret-and-more"]);
        Assert.Equal($"x {SecretRedactor.Mask} y", r.Redact("x secret-and-more y"));
    }

    [Fact]
    public void JsonElement_plain_and_escaped_forms_are_masked()
    {
        var doc = new JsonObject
        {
            ["headers"] = new JsonObject { ["x-api-key"] = Key, ["Authorization"] = "Basic " + Quoted },
            ["list"] = new JsonArray(Key, 1, true),
            [Key] = "key as property name",
        };
        var element = JsonSerializer.SerializeToElement(doc);
        Assert.Contains("\\u0022", element.GetRawText() + JsonSerializer.Serialize(Quoted)); // the secret needs escaping in JSON
        var redacted = Redactor.Redact(element);
        var text = redacted.GetRawText();
        Assert.DoesNotContain(Key, text);
        Assert.DoesNotContain("ss\\\\word", text);
        Assert.DoesNotContain(Quoted, Unescape(text));
        Assert.Equal("Basic " + SecretRedactor.Mask, redacted.GetProperty("headers").GetProperty("Authorization").GetString());
        Assert.Equal(SecretRedactor.Mask, redacted.GetProperty("list")[0].GetString());
        Assert.Equal(1, redacted.GetProperty("list")[1].GetInt32());
    }

    [Fact]
    public void JsonElement_from_foreign_json_with_other_escaping_is_masked()
    {
        // An upstream body escapes differently than System.Text.Json would (\" and \/ instead of \u0022 and /).
        const string upstream = """{"echo":"p\"ss\\word<\/tag>","\u0074b_live_9f8e7d6c5b4a":1}""";
        var redacted = Redactor.Redact(JsonDocument.Parse(upstream).RootElement);
        Assert.Equal(SecretRedactor.Mask, redacted.GetProperty("echo").GetString());
        Assert.False(redacted.TryGetProperty(Key, out _));
        Assert.DoesNotContain(Quoted, Unescape(redacted.GetRawText()));
    }

    [Fact]
    public void JsonNode_is_masked_and_original_untouched()
    {
        var node = new JsonObject { ["k"] = Key, ["q"] = Quoted, ["n"] = 5 };
        var redacted = Redactor.Redact(node)!;
        Assert.Equal(SecretRedactor.Mask, redacted["k"]!.GetValue<string>());
        Assert.Equal(SecretRedactor.Mask, redacted["q"]!.GetValue<string>());
        Assert.Equal(5, redacted["n"]!.GetValue<int>());
        Assert.Equal(Key, node["k"]!.GetValue<string>());
    }

    [Fact]
    public void Update_replaces_the_secrets()
    {
        var r = new SecretRedactor(["first-secret"]);
        r.Update(["second-secret"]);
        Assert.Equal("first-secret " + SecretRedactor.Mask, r.Redact("first-secret second-secret"));
        Assert.True(r.Contains("x second-secret"));
        Assert.False(r.Contains("first-secret"));
    }

    [Fact]
    public void None_changes_nothing()
    {
        Assert.True(SecretRedactor.None.IsEmpty);
        Assert.Equal("x", SecretRedactor.None.Redact("x"));
        var e = JsonSerializer.SerializeToElement(new { a = "b" });
        Assert.Equal(e.GetRawText(), SecretRedactor.None.Redact(e).GetRawText());
    }

    private static string Unescape(string json) => JsonNode.Parse(json)!.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}
