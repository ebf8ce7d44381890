using Hermes.Rules.Loading;
using Hermes.Rules.Tests.Support;

namespace Hermes.Rules.Tests.Loading;

/// <summary>Bad input never throws out of the loader: mutated copies of the official rules only ever yield diagnostics.</summary>
public sealed class LoaderRobustnessTests
{
    [Fact]
    public void MutatedOfficialRules_NeverThrow_AndErrorsAlwaysHaveAPosition()
    {
        var original = File.ReadAllText(Corpus.OfficialRules);
        var random = new Random(20261123);
        const string Noise = "()[]{}:,'\"\\ -*&!%#|>\n\tandornotin=";
        for (var round = 0; round < 150; round++)
        {
            var text = original.ToCharArray();
            for (var edits = random.Next(1, 8); edits > 0; edits--)
                text[random.Next(text.Length)] = Noise[random.Next(Noise.Length)];
            var result = RuleLoader.LoadText("mutant.yaml", new string(text));
            Assert.All(result.Errors, e => Assert.True(e.Location.Line >= 1 && e.Location.Column >= 1, e.ToString()));
            Assert.Equal(result.Errors.Any(), result.RuleSet is null);
        }
    }
}
