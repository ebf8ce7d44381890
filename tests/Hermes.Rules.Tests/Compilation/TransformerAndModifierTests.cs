using Hermes.Rules.Conditions;
using Hermes.Rules.Tests.Support;
using static Hermes.Rules.Tests.Support.Conditions;

namespace Hermes.Rules.Tests.Compilation;

/// <summary>Cases from libsinsp's filter_transformer.ut.cpp and filterchecks/cmp_operator_modifiers.cpp.</summary>
public sealed class TransformerAndModifierTests
{
    private static TestEvent Exec() => TestEvent.Of("execve").Set("proc.name", "myexe").Set("evt.num", 1L);

    private static TestEvent Open() => TestEvent.Of("openat")
        .Set("fd.name", "/tmp/file_to_run").Set("fd.directory", "/tmp").Set("evt.num", 1L).Set("proc.name", "myexe");

    [Theory]
    [InlineData("proc.name == oneof (myexe, bash)", true)]
    [InlineData("proc.name == oneof (myexe)", true)]
    [InlineData("proc.name == oneof (bash, sh)", false)]
    [InlineData("proc.name == oneof (myexe, myexe)", false)]
    [InlineData("proc.name == anyof (myexe, bash)", true)]
    [InlineData("proc.name == anyof (bash, sh)", false)]
    [InlineData("proc.name == anyof (myexe, myexe)", true)]
    [InlineData("proc.name == allof (myexe)", true)]
    [InlineData("proc.name == allof (myexe, bash)", false)]
    [InlineData("proc.name == allof (myexe, myexe)", true)]
    [InlineData("proc.name != oneof (myexe, myexe, bash)", true)]
    [InlineData("proc.name != oneof (myexe, myexe)", false)]
    [InlineData("proc.name != oneof (bash, sh)", false)]
    [InlineData("proc.name != anyof (bash, sh)", true)]
    [InlineData("proc.name != allof (bash, sh)", true)]
    [InlineData("proc.name != allof (myexe, bash)", false)]
    [InlineData("proc.name contains oneof (myex, bash)", true)]
    [InlineData("proc.name contains oneof (my, exe)", false)]
    [InlineData("proc.name contains anyof (my, exe)", true)]
    [InlineData("proc.name contains allof (my, exe)", true)]
    [InlineData("proc.name contains allof (myex, bash)", false)]
    [InlineData("proc.name startswith anyof (bash, my)", true)]
    [InlineData("proc.name glob allof (my*, *exe)", true)]
    public void Modifiers_CombinePerValueResults(string condition, bool expected) => Assert.Equal(expected, Eval(condition, Exec()));

    [Fact]
    public void ModifierWord_WithoutAList_IsAPlainValue()
    {
        Assert.True(Eval("proc.name = oneof", TestEvent.Of("execve").Set("proc.name", "oneof")));
        Assert.True(Eval("proc.name = anyof and evt.type = execve", TestEvent.Of("execve").Set("proc.name", "anyof")));
    }

    [Theory]
    [InlineData("join(\"-\", (fd.name,fd.directory)) = /tmp/file_to_run-/tmp", true)]
    [InlineData("join(\"-\", (\"aaa\",\"bbb\")) = aaa-bbb", true)]
    [InlineData("join(\"->\", (\"aaa\")) = aaa", true)]
    [InlineData("join(\"->\", (fd.name, \"aaa\", fd.directory)) = /tmp/file_to_run->aaa->/tmp", true)]
    [InlineData("join(\"->\", (toupper(fd.name), \"aaa\")) = /TMP/FILE_TO_RUN->aaa", true)]
    [InlineData("join(\",\", (\"aaa\",\"bbb\")) = \"aaa,bbb\"", true)]
    [InlineData("join(\",\", (\"aaa\",\"bbb\")) = \"aaa-bbb\"", false)]
    [InlineData("join(\",\", (evt.num, evt.num)) = \"1,1\"", true)]
    [InlineData("join(\",\", ()) = \"\"", true)]
    [InlineData("concat(fd.name, fd.directory) = /tmp/file_to_run/tmp", true)]
    [InlineData("concat(\"aaa\", \"bbb\", \"ccc\") = aaabbbccc", true)]
    [InlineData("concat(fd.directory, concat(\"aaa\", toupper(fd.name))) = /tmpaaa/TMP/FILE_TO_RUN", true)]
    [InlineData("toupper(join(\"-\", (fd.name, fd.directory))) = /TMP/FILE_TO_RUN-/TMP", true)]
    [InlineData("len(join(\"-\", (fd.name, fd.directory))) = 21", true)]
    [InlineData("b64(join(\"W\", (\"YWFhL\", \"JiYg\"))) = \"aaa-bbb\"", true)]
    [InlineData("toupper(join(\"-\", (fd.name, fd.directory))) startswith /TMP", true)]
    [InlineData("tolower(fd.name) = /tmp/file_to_run", true)]
    [InlineData("basename(fd.name) = file_to_run", true)]
    [InlineData("len(fd.name) = 16", true)]
    [InlineData("len(fd.name) > 20", false)]
    public void Transformers_Evaluate(string condition, bool expected) => Assert.Equal(expected, Eval(condition, Open()));

    [Theory]
    [InlineData("getopt((\"-n\",\"\"), \"n\") intersects (\"n\")", true)]
    [InlineData("getopt((\"-t\", \"hello\"), \"t:\") intersects (\"t\", \"hello\")", true)]
    [InlineData("getopt((\"-thello\"), \"t:\") intersects (\"t\", \"hello\")", true)]
    [InlineData("getopt((\"-n\"), \"n\") intersects (\"t\")", false)]
    [InlineData("getopt((\"-n\", \"--\", \"-t\"), \"nt:\") intersects (\"t\")", false)]
    [InlineData("getopt((\"-x\", \"-n\"), \"n\") intersects (\"?\", \"n\")", true)]
    [InlineData("getopt((\"-x\", \"-n\"), \"n\") intersects (\"x\")", false)]
    [InlineData("getopt((\"-lpe\", \"/bin/sh\"), \"lp:e:\") intersects (\"l\",\"p\",\"e\")", true)]
    [InlineData("getopt((\"-lpe\", \"/bin/sh\"), \"lpe:\") intersects (\"/bin/sh\")", true)]
    [InlineData("getopt((\"arg1\", \"-n\", \"arg2\"), \"n\") intersects (\"n\")", false)]
    [InlineData("getopt((\"-\", \"-n\"), \"n\") intersects (\"n\")", false)]
    [InlineData("getopt((\"-t\"), \"t:\") intersects (\"\")", true)]
    [InlineData("getopt((\"-t\"), \"t:\") intersects (\"t\")", false)]
    [InlineData("getopt((\"-t\", \"-123\"), \"t:\") intersects (\"t\", \"-123\")", true)]
    [InlineData("getopt((\"-X\", \"POST\", \"-H\", \"header\", \"-d\", \"data\", \"url\"), \"X:H:d:\") intersects (\"X\", \"POST\", \"H\", \"header\", \"d\", \"data\")", true)]
    public void Getopt_ParsesLikePosix(string condition, bool expected) => Assert.Equal(expected, Eval(condition, Open()));

    [Theory]
    [InlineData("join(\"-\") = foo", "join() requires exactly 2 arguments")]
    [InlineData("join(\"a\", \"b\") = foo", "expects a list")]
    [InlineData("join((\"a\", \"b\"), (\"a\", \"b\")) = foo", "must be strings (not lists)")]
    [InlineData("concat(\"aaa\") = foo", "concat() requires at least 2 arguments")]
    [InlineData("concat(fd.types, \"a\") = foo", "must be strings (not lists)")]
    [InlineData("getopt(\"not_a_list\", \"n\") intersects (\"n\")", "expects a list")]
    [InlineData("getopt((\"-n\"), (\"n\")) intersects (\"n\")", "must be strings (not lists)")]
    [InlineData("tolower(fd.num) = x", "applies to string fields only")]
    public void BadTransformerUse_IsACompileError(string condition, string message) =>
        Assert.Contains(CompileErrors(condition), e => e.Message.Contains(message, StringComparison.Ordinal));

    [Fact]
    public void UnclosedArgumentList_IsASyntaxError() =>
        Assert.Throws<ConditionSyntaxException>(() => ConditionParser.Parse("join(\"-\", (fd.name) = x"));
}
