using Hermes.Rules.Engine;
using Hermes.Rules.Loading;
using Hermes.Rules.Tests.Support;

namespace Hermes.Rules.Tests.Loading;

/// <summary>Falco's loading semantics: redefinition, append, override, exceptions, visibility, nesting, several files.</summary>
public sealed class RuleLoaderSemanticsTests
{
    private static RuleSet Load(params (string Name, string Yaml)[] files)
    {
        var result = RuleLoader.Load(files);
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        return result.RuleSet!;
    }

    private static RuleSet Load(string yaml) => Load(("rules.yaml", yaml));

    private static TestEvent Open(string process, string path = "/etc/hosts") =>
        TestEvent.Of("openat").Set("proc.name", process).Set("fd.name", path).Set("fd.directory", Path.GetDirectoryName(path)!);

    private static string Rule(string name, string condition, string priority = "WARNING", string output = "o") =>
        $"- rule: {name}\n  desc: d\n  condition: {condition}\n  output: {output}\n  priority: {priority}\n";

    [Fact]
    public void Redefinition_ReplacesTheRuleInPlace()
    {
        var rules = Load(Rule("a", "evt.type=openat and proc.name=cat") + Rule("b", "evt.type=openat") + Rule("a", "evt.type=openat and proc.name=dog"));
        Assert.Equal(["a", "b"], rules.Rules.Select(r => r.Name));
        Assert.Equal("a", rules.MatchFirst(Open("dog"))?.Name);
        Assert.Equal("b", rules.MatchFirst(Open("cat"))?.Name);
    }

    [Fact]
    public void LaterFiles_OverrideEarlierOnes()
    {
        var rules = Load(("base.yaml", Rule("a", "evt.type=openat and proc.name=cat", "WARNING")),
                         ("local.yaml", Rule("a", "evt.type=openat and proc.name=dog", "CRITICAL")));
        var rule = Assert.Single(rules.Rules);
        Assert.Equal(Priority.Critical, rule.Priority);
        Assert.Null(rules.MatchFirst(Open("cat")));
        Assert.NotNull(rules.MatchFirst(Open("dog")));
    }

    [Fact]
    public void LegacyAppend_ExtendsConditionMacroAndList()
    {
        var rules = Load("""
            - list: bins
              items: [cat]
            - list: bins
              items: [dog]
              append: true
            - macro: m
              condition: proc.name in (bins)
            - macro: m
              condition: or proc.name = cow
              append: true
            - rule: r
              desc: d
              condition: evt.type=openat and (m)
              output: o
              priority: WARNING
            - rule: r
              condition: and fd.name startswith /etc
              append: true
            """);
        Assert.NotNull(rules.MatchFirst(Open("cat")));
        Assert.NotNull(rules.MatchFirst(Open("dog")));
        Assert.NotNull(rules.MatchFirst(Open("cow")));
        Assert.Null(rules.MatchFirst(Open("cow", "/tmp/x")));
        Assert.Null(rules.MatchFirst(Open("pig")));
    }

    [Fact]
    public void Override_AppendsOrReplacesEachKey()
    {
        var rules = Load(Rule("r", "evt.type=openat", "WARNING", "first") + """
            - rule: r
              condition: and proc.name = cat
              output: "%proc.name"
              priority: CRITICAL
              override:
                condition: append
                output: append
                priority: replace
            - list: l
              items: [a]
            - list: l
              items: [b]
              override:
                items: replace
            """);
        var rule = Assert.Single(rules.Rules);
        Assert.Equal(Priority.Critical, rule.Priority);
        Assert.Equal("first %proc.name", rule.OutputText);
        Assert.Equal("evt.type=openat and proc.name = cat", rule.Condition);
        Assert.Null(rules.MatchFirst(Open("dog")));
    }

    [Fact]
    public void EnabledOnly_DisablesAnEarlierRule()
    {
        var rules = Load(Rule("a", "evt.type=openat") + Rule("b", "evt.type=openat and proc.name=cat") + "- rule: a\n  enabled: false\n");
        Assert.Equal(["b"], rules.Rules.Select(r => r.Name));
    }

    [Fact]
    public void Exceptions_AreCompiledIntoTheCondition()
    {
        var rules = Load("""
            - list: editable_dirs
              items: [/srv]
            - rule: r
              desc: d
              condition: evt.type=openat
              output: o
              priority: WARNING
              exceptions:
                - name: known_readers
                  fields: proc.name
                  values: [cat, less]
                - name: proc_and_file
                  fields: [proc.name, fd.name]
                  comps: [=, startswith]
                  values:
                    - [vim, /etc/]
                    - [nano, /home/]
                - name: dirs
                  fields: [proc.name, fd.directory]
                  comps: [=, in]
                  values:
                    - [emacs, [/etc, /opt]]
                    - [emacs, editable_dirs]
            """);
        Assert.Null(rules.MatchFirst(Open("cat")));
        Assert.Null(rules.MatchFirst(Open("less")));
        Assert.NotNull(rules.MatchFirst(Open("more")));
        Assert.Null(rules.MatchFirst(Open("vim", "/etc/passwd")));
        Assert.NotNull(rules.MatchFirst(Open("vim", "/tmp/passwd")));
        Assert.Null(rules.MatchFirst(Open("nano", "/home/u/x")));
        Assert.Null(rules.MatchFirst(Open("emacs", "/opt/x")));
        Assert.Null(rules.MatchFirst(Open("emacs", "/srv/x")));
        Assert.NotNull(rules.MatchFirst(Open("emacs", "/var/x")));
    }

    [Fact]
    public void ExceptionValues_CanBeAppendedByName()
    {
        var rules = Load("""
            - rule: r
              desc: d
              condition: evt.type=openat
              output: o
              priority: WARNING
              exceptions:
                - name: known
                  fields: [proc.name]
                  values: [[cat]]
            - rule: r
              exceptions:
                - name: known
                  values: [[dog]]
              override:
                exceptions: append
            """);
        Assert.Null(rules.MatchFirst(Open("cat")));
        Assert.Null(rules.MatchFirst(Open("dog")));
        Assert.NotNull(rules.MatchFirst(Open("cow")));
    }

    [Fact]
    public void Macro_SeesOnlyEarlierMacros_RulesSeeAll()
    {
        var later = RuleLoader.LoadText("m.yaml", "- macro: a\n  condition: b\n- macro: b\n  condition: proc.name=cat\n");
        Assert.Contains(later.Errors, e => e.Message.Contains("Undefined macro 'b'", StringComparison.Ordinal));

        // A rule may use a macro defined after it (the official rules do).
        var rules = Load(Rule("r", "evt.type=openat and is_cat") + "- macro: is_cat\n  condition: proc.name=cat\n");
        Assert.NotNull(rules.MatchFirst(Open("cat")));
    }

    [Fact]
    public void Lists_NestAndUnquoteTheirItems()
    {
        var rules = Load("""
            - list: cats
              items: [cat, '"big cat"']
            - list: animals
              items: [cats, dog]
            - list: nets
              items: ['"10.0.0.0/8"', 192.168.0.0/16]
            """ + "\n" + Rule("r", "evt.type=openat and proc.name in (animals)") + Rule("n", "evt.type=connect and fd.snet in (nets)"));
        Assert.NotNull(rules.MatchFirst(Open("cat")));
        Assert.NotNull(rules.MatchFirst(Open("big cat")));
        Assert.NotNull(rules.MatchFirst(Open("dog")));
        Assert.Null(rules.MatchFirst(Open("cats")));
        Assert.NotNull(rules.MatchFirst(TestEvent.Of("connect").Set("fd.snet", "10.1.2.3")));
        Assert.Null(rules.MatchFirst(TestEvent.Of("connect").Set("fd.snet", "8.8.8.8")));
    }

    [Fact]
    public void SkipIfUnknownFilter_SkipsTheRuleWithAWarning()
    {
        var result = RuleLoader.LoadText("s.yaml", Rule("r", "evt.type=openat and k8s.deployment.name=x") + "  skip-if-unknown-filter: true\n" + Rule("ok", "evt.type=openat"));
        Assert.True(result.Succeeded);
        Assert.Equal(["ok"], result.RuleSet!.Rules.Select(r => r.Name));
        Assert.Contains(result.Warnings, w => w.Code == LoadCodes.UnknownFilter);
    }

    [Fact]
    public void WarnEvttypes_ControlsTheNoEventTypeWarning()
    {
        Assert.Contains(RuleLoader.LoadText("w.yaml", Rule("r", "proc.name=cat")).Warnings, w => w.Code == LoadCodes.NoEventType);
        Assert.DoesNotContain(RuleLoader.LoadText("w.yaml", Rule("r", "proc.name=cat") + "  warn_evttypes: false\n").Warnings, w => w.Code == LoadCodes.NoEventType);
    }

    [Fact]
    public void NonSyscallSources_AreSkippedWithAWarning()
    {
        var result = RuleLoader.LoadText("k.yaml", Rule("audit", "ka.verb=create") + "  source: k8s_audit\n" + Rule("ok", "evt.type=openat"));
        Assert.True(result.Succeeded);
        Assert.Equal(["ok"], result.RuleSet!.Rules.Select(r => r.Name));
        Assert.Contains(result.Warnings, w => w.Code == LoadCodes.UnknownSource);
    }

    [Fact]
    public void RequiredVersions_AreChecked()
    {
        Assert.True(RuleLoader.LoadText("v.yaml", "- required_engine_version: 0.57.0\n- required_plugin_versions:\n    - name: container\n      version: 0.4.0\n").Succeeded);
        Assert.True(RuleLoader.LoadText("v.yaml", "- required_engine_version: 2\n").Succeeded);
        Assert.False(RuleLoader.LoadText("v.yaml", "- required_engine_version: 0.58.0\n").Succeeded);
    }

    [Fact]
    public void UnknownKeys_AreWarnings()
    {
        var result = RuleLoader.LoadText("u.yaml", Rule("r", "evt.type=openat") + "  colour: blue\n- something_else: 1\n");
        Assert.True(result.Succeeded);
        Assert.Equal(2, result.Warnings.Count(w => w.Code == LoadCodes.UnknownItem));
    }

    [Fact]
    public void RuleMatching_FirstVersusAll()
    {
        var rules = Load(Rule("a", "evt.type=openat and proc.name=cat") + Rule("b", "evt.type=openat"));
        var matches = new List<CompiledRule>();
        Assert.Equal(1, rules.Match(Open("cat"), RuleMatching.First, matches));
        Assert.Equal("a", matches[0].Name);
        Assert.Equal(2, rules.Match(Open("cat"), RuleMatching.All, matches));
    }

    [Theory]
    [InlineData("list_order.yaml")]
    [InlineData("macro_order.yaml")]
    [InlineData("rule_order.yaml")]
    [InlineData("list_sub_bare.yaml")]
    [InlineData("list_sub_front.yaml")]
    [InlineData("list_sub_mid.yaml")]
    [InlineData("list_sub_end.yaml")]
    [InlineData("list_sub_whitespace.yaml")]
    [InlineData("single_rule.yaml")]
    [InlineData("rule_names_with_regex_chars.yaml")]
    public void FalcosLegacyTestRules_DetectCatOpeningAFile(string file)
    {
        var path = Corpus.Path("falco", "captures", "falco-2583ea9", "test", "rules", file);
        var result = RuleLoader.LoadFiles([path]);
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        var cat = TestEvent.Of("open").Set("proc.name", "cat").Set("proc.cmdline", "cat /dev/null").Set("fd.name", "/dev/null");
        Assert.NotNull(result.RuleSet!.MatchFirst(cat));
        Assert.Null(result.RuleSet.MatchFirst(TestEvent.Of("open").Set("proc.name", "dog")));
    }

    [Theory]
    [InlineData("invalid_not_yaml.yaml")]
    [InlineData("invalid_not_array.yaml")]
    [InlineData("invalid_array_item_not_object.yaml")]
    [InlineData("invalid_append_rule.yaml")]
    [InlineData("invalid_append_macro.yaml")]
    [InlineData("invalid_list_without_items.yaml")]
    [InlineData("invalid_macro_without_condition.yaml")]
    [InlineData("invalid_rule_without_output.yaml")]
    [InlineData("invalid_missing_rule_name.yaml")]
    [InlineData("invalid_missing_macro_name.yaml")]
    [InlineData("invalid_missing_list_name.yaml")]
    [InlineData("invalid_yaml_parse_error.yaml")]
    [InlineData("invalid_engine_version_not_number.yaml")]
    [InlineData("invalid_rule_output.yaml")]
    [InlineData("invalid_condition_not_rule.yaml")]
    public void FalcosLegacyInvalidRules_AreRejected(string file)
    {
        var path = Corpus.Path("falco", "captures", "falco-2583ea9", "test", "rules", file);
        var result = RuleLoader.LoadFiles([path]);
        Assert.Null(result.RuleSet);
        Assert.All(result.Errors, e => Assert.True(e.Location.Line >= 1 && e.Location.Column >= 1));
    }
}
