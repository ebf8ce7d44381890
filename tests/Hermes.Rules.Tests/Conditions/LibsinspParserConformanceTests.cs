using System.Text.Json;
using Hermes.Rules.Conditions;
using Hermes.Rules.Tests.Support;

namespace Hermes.Rules.Tests.Conditions;

/// <summary>
/// Every accept/reject case of libsinsp's parser unit tests (userspace/libsinsp/test/filter_parser.ut.cpp),
/// kept as data in testdata/libsinsp-conformance/parser.jsonl: the grammar and lexing must agree with libsinsp's.
/// </summary>
public sealed class LibsinspParserConformanceTests
{
    public static TheoryData<int, string, string> Cases()
    {
        var data = new TheoryData<int, string, string>();
        var lines = File.ReadAllLines(Corpus.TestData("libsinsp-conformance", "parser.jsonl"));
        for (var i = 0; i < lines.Length; i++)
        {
            using var row = JsonDocument.Parse(lines[i]);
            data.Add(i + 1, row.RootElement.GetProperty("expect").GetString()!, row.RootElement.GetProperty("condition").GetString()!);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Condition_IsAcceptedOrRejectedLikeLibsinsp(int line, string expect, string condition)
    {
        Exception? error = null;
        try
        {
            ConditionParser.Parse(condition);
        }
        catch (ConditionSyntaxException e)
        {
            error = e;
        }
        if (expect == "accept") Assert.True(error is null, $"line {line}: rejected: {error?.Message}");
        else Assert.True(error is not null, $"line {line}: accepted a condition libsinsp rejects");
    }

    [Theory]
    [InlineData("\"some\\\\b\\\\f\\\\n\\\\r\\\\tstring\"", "some\\b\\f\\n\\r\\tstring")]
    [InlineData("\"some \\\"quoted string\\\"\"", "some \"quoted string\"")]
    [InlineData("\"some 'quoted string'\"", "some 'quoted string'")]
    [InlineData("\"\\x41\"", "A")]
    [InlineData("\"a\\xffb\"", "a\u00ffb")]
    [InlineData("\"tab\\there\"", "tab\there")]
    [InlineData("'it\\'s'", "it's")]
    [InlineData("\"a\\/b\"", "a/b")]
    public void QuotedValues_AreUnescapedLikeLibsinsp(string quoted, string value)
    {
        var check = Assert.IsType<CheckExpr>(ConditionParser.Parse("x.y = " + quoted));
        Assert.Equal(value, Assert.IsType<ValueExpr>(check.Right).Value);
    }

    [Theory]
    [InlineData("x.y = \"\\q\"", "unsupported string escape sequence")]
    [InlineData("x.y = 'mixed \\\"'", "escape in a '-quoted string")]
    [InlineData("x.y = \"\\x4\"", "truncated hex")]
    [InlineData("x.y = \"\\xzz\"", "invalid hex")]
    public void BadEscapes_AreRejected(string condition, string message)
    {
        var e = Assert.Throws<ConditionSyntaxException>(() => ConditionParser.Parse(condition));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }
}
