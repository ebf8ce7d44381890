using Hermes.Playbooks.Model;
using Hermes.Rules.Engine;

namespace Hermes.Playbooks.Tests.Model;

public class PriorityConditionTests
{
    [Theory]
    [InlineData(">=Warning", "Warning", true)]
    [InlineData(">=Warning", "Critical", true)]
    [InlineData(">=Warning", "Emergency", true)]
    [InlineData(">=Warning", "Notice", false)]
    [InlineData(">Warning", "Warning", false)]
    [InlineData(">Warning", "Error", true)]
    [InlineData("<Notice", "Informational", true)]
    [InlineData("<Notice", "Notice", false)]
    [InlineData("<=Informational", "Debug", true)]
    [InlineData("<=Informational", "Notice", false)]
    [InlineData("Critical", "Critical", true)]
    [InlineData("=critical", "Critical", true)]
    [InlineData("!=Critical", "Critical", false)]
    [InlineData(">=info", "Informational", true)]
    public void Matches_ComparesBySeverity(string condition, string actual, bool expected)
    {
        Assert.True(PriorityCondition.TryParse(condition, out var parsed));
        Assert.True(PriorityNames.TryParse(actual, out var priority));
        Assert.Equal(expected, parsed!.Matches(priority));
    }

    [Theory]
    [InlineData(">=Severe")]
    [InlineData(">=")]
    [InlineData("3")]
    [InlineData("=>Warning")]
    public void TryParse_RejectsWhatIsNotAPriority(string text) => Assert.False(PriorityCondition.TryParse(text, out _));
}
