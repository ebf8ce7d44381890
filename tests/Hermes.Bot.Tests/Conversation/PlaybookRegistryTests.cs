using Hermes.Bot.Playbooks;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hermes.Bot.Tests.Conversation;

public sealed class PlaybookRegistryTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hermes-playbooks-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void BrokenReload_KeepsThePreviousSetAndReportsWhere()
    {
        var file = Path.Combine(_dir, "a.yaml");
        File.WriteAllText(file, "playbooks:\n  - name: first\n    notify: {channel: '#a'}\n");
        var registry = new PlaybookRegistry(_dir, NullLogger<PlaybookRegistry>.Instance);
        Assert.Equal("first", Assert.Single(registry.Current.Playbooks).Name);

        File.WriteAllText(file, "playbooks:\n  - name: second\n    ask_owner: {timeout: never}\n");
        File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddSeconds(5));
        Assert.False(registry.ReloadIfChanged());
        Assert.Equal("first", Assert.Single(registry.Current.Playbooks).Name);
        Assert.Equal((3, 26), (registry.LastErrors[0].Line, registry.LastErrors[0].Column));

        File.WriteAllText(file, "playbooks:\n  - name: third\n    notify: {channel: '#c'}\n");
        File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddSeconds(10));
        Assert.True(registry.ReloadIfChanged());
        Assert.Equal("third", Assert.Single(registry.Current.Playbooks).Name);
        Assert.Empty(registry.LastErrors);
    }

    [Fact]
    public void InvalidAtStartup_Throws()
    {
        File.WriteAllText(Path.Combine(_dir, "a.yaml"), "playbooks: nope\n");
        var error = Assert.Throws<InvalidDataException>(() => new PlaybookRegistry(_dir, NullLogger<PlaybookRegistry>.Instance));
        Assert.Contains("a.yaml:1:12: 'playbooks' must be a list", error.Message, StringComparison.Ordinal);
    }
}
