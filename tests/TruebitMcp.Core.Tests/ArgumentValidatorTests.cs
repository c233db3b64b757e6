using System.Text.Json;
using System.Text.Json.Nodes;
using TruebitMcp.Core.Schemas;

namespace TruebitMcp.Core.Tests;

public class ArgumentValidatorTests
{
    private static readonly ArgumentValidator Validator = new(JsonNode.Parse("""
        {
          "type": "object",
          "properties": {
            "orderId": { "type": "integer" },
            "status": { "type": "string", "enum": ["placed", "approved"] },
            "item": { "type": "object", "properties": { "qty": { "type": "integer", "minimum": 1 } }, "required": ["qty"] }
          },
          "required": ["orderId"],
          "additionalProperties": false
        }
        """)!.AsObject());

    private static IReadOnlyList<Violation> Validate(string json) => Validator.Validate(JsonDocument.Parse(json).RootElement);

    [Fact]
    public void Valid_arguments_have_no_violations() =>
        Assert.Empty(Validate("""{"orderId": 2, "status": "placed", "item": {"qty": 3}}"""));

    [Fact]
    public void Wrong_type_is_reported_at_the_property()
    {
        var v = Validate("""{"orderId": "two"}""");
        Assert.Contains(v, x => x.Pointer == "/orderId");
        Assert.DoesNotContain(v, x => x.Pointer != "/orderId");
    }

    [Fact]
    public void Missing_required_is_reported_at_the_root_and_names_the_property()
    {
        var v = Validate("""{"status": "placed"}""");
        var x = Assert.Single(v);
        Assert.Equal("", x.Pointer);
        Assert.Contains("orderId", x.Message);
        Assert.StartsWith("(root)", x.ToString());
    }

    [Fact]
    public void Unknown_property_is_reported_and_named()
    {
        var v = Validate("""{"orderId": 1, "orderID": 1}""");
        Assert.NotEmpty(v);
        Assert.Contains(v, x => x.Pointer == "/orderID" || x.Message.Contains("orderID"));
    }

    [Fact]
    public void Nested_violations_use_nested_pointers()
    {
        var v = Validate("""{"orderId": 1, "item": {"qty": 0}}""");
        Assert.Contains(v, x => x.Pointer == "/item/qty");
        v = Validate("""{"orderId": 1, "status": "lost"}""");
        Assert.Contains(v, x => x.Pointer == "/status");
    }

    [Fact]
    public void Non_object_arguments_are_refused()
    {
        Assert.NotEmpty(Validate("[1,2]"));
        Assert.NotEmpty(Validate("null"));
    }
}
