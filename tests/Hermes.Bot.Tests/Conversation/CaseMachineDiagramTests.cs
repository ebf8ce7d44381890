using Hermes.Bot.Conversation;
using Hermes.Bot.Tests.Support;

namespace Hermes.Bot.Tests.Conversation;

public class CaseMachineDiagramTests
{
    [Fact]
    public void Diagram_InTheRepository_IsTheOneTheCodeGenerates() =>
        Golden.AssertEqual(CaseMachine.DiagramPage(), "bot", "Hermes.Bot", "Conversation", "case-machine.md");

    [Fact]
    public void Diagram_ShowsEveryStateAndTheEscalationPaths()
    {
        var page = CaseMachine.DiagramPage();
        foreach (var state in Enum.GetNames<Hermes.Bot.Cases.CaseState>()) Assert.Contains(state, page, StringComparison.Ordinal);
        Assert.Contains("Asking --> Escalated : TimeoutDue", page, StringComparison.Ordinal);
        Assert.Contains("Asking --> Escalated : Deny", page, StringComparison.Ordinal);
        Assert.Contains("ResolvingOwner --> Escalated : OwnerUnknown", page, StringComparison.Ordinal);
    }
}
