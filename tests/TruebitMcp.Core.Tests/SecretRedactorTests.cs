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
    public void Add_keeps_earlier_secrets_because_old_transcripts_still_hold_them()
    {
        var r = new SecretRedactor(["first-secret"]);
        r.Add(["second-secret"]);
        Assert.Equal(SecretRedactor.Mask + " " + SecretRedactor.Mask, r.Redact("first-secret second-secret"));
        Assert.True(r.Contains("x second-secret"));
        Assert.True(r.Contains("first-secret"));
    }

    [Fact]
    public void A_secret_cut_by_truncation_is_masked_up_to_the_cut()
    {
        var r = new SecretRedactor(["apikey+abcdef"]);
        var cut = new string('x', 290) + "apikey+abc…";
        Assert.Equal(new string('x', 290) + SecretRedactor.Mask + "…", r.Redact(cut));
        // Fewer than four characters left before the cut are not a recognisable secret.
        Assert.Equal("xx api…", r.Redact("xx api…"));
    }

    [Fact]
    public void Json_text_is_masked_whatever_the_escaping()
    {
        var r = new SecretRedactor(["tok<en>+Secr&t'"]);
        var escaped = JsonSerializer.Serialize(new { h = "tok<en>+Secr&t'" }); // {"h":"tok\u003Cen\u003E\u002BSecr\u0026t\u0027"}
        Assert.DoesNotContain("Secr", r.RedactJson(escaped));
        Assert.Contains(SecretRedactor.Mask, r.RedactJson(escaped));
        Assert.Equal("not json tok<en>+Secr&t' ".Replace("tok<en>+Secr&t'", SecretRedactor.Mask), r.RedactJson("not json tok<en>+Secr&t' "));
    }

    [Theory]
    [InlineData("Bearer sk-live-123456", "sk-live-123456")]
    [InlineData("token abcdef123", "abcdef123")]
    public void The_credential_after_an_auth_scheme_is_a_secret_too(string value, string credential)
    {
        var forms = SecretForms.Of(value).ToList();
        Assert.Contains(value, forms);
        Assert.Contains(credential, forms);
        Assert.Equal($"rejected credential {SecretRedactor.Mask}", new SecretRedactor(forms).Redact($"rejected credential {credential}"));
    }

    [Fact]
    public void A_basic_credential_is_masked_encoded_decoded_and_by_its_password()
    {
        var basic = "Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("alice:s3cret-pass"));
        var r = new SecretRedactor(SecretForms.Of(basic));
        Assert.DoesNotContain("s3cret-pass", r.Redact("user alice:s3cret-pass, password s3cret-pass"));
        Assert.DoesNotContain("s3cret", r.Redact("url: " + Uri.EscapeDataString(basic)));
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
