using System.Text.Json;
using Hermes.Rules.Fields;
using Hermes.Rules.Tests.Support;

namespace Hermes.Rules.Tests.Conditions;

/// <summary>
/// Operator semantics from libsinsp's filter_op_*.ut.cpp, as data (testdata/libsinsp-conformance/operators.json):
/// an event's fields, then conditions with the result libsinsp gives.
/// </summary>
public sealed class LibsinspOperatorConformanceTests
{
    public static TheoryData<string, string, bool> Cases()
    {
        var data = new TheoryData<string, string, bool>();
        using var doc = JsonDocument.Parse(File.ReadAllText(Corpus.TestData("libsinsp-conformance", "operators.json")));
        foreach (var group in doc.RootElement.EnumerateArray())
        {
            var evt = group.GetProperty("event").GetRawText();
            foreach (var row in group.GetProperty("cases").EnumerateArray())
                data.Add(evt, row[0].GetString()!, row[1].GetBoolean());
        }
        return data;
    }

    private static TestEvent Build(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var evt = TestEvent.Of(doc.RootElement.GetProperty("type").GetString()!);
        foreach (var field in doc.RootElement.GetProperty("fields").EnumerateObject())
        {
            object[] values = field.Value.ValueKind switch
            {
                JsonValueKind.Array => field.Value.EnumerateArray().Select(v => (object)v.GetString()!).ToArray(),
                JsonValueKind.Number => [field.Value.GetInt64()],
                _ => [field.Value.GetString()!],
            };
            evt.Set(field.Name, values);
        }
        return evt;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Operator_BehavesLikeLibsinsp(string evt, string condition, bool expected) =>
        Assert.Equal(expected, Support.Conditions.Eval(condition, Build(evt)));

    [Fact]
    public void NetworkFields_AreAddressesInTheRegistry() =>
        Assert.Equal(FieldType.Network, FieldRegistry.Get(FieldId.FdNet).Type);
}
