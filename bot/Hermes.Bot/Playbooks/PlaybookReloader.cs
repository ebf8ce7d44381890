namespace Hermes.Bot.Playbooks;

/// <summary>Checks the playbook files every few seconds (a ConfigMap update replaces files atomically, which watchers miss).</summary>
public sealed class PlaybookReloader(PlaybookRegistry registry) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(3));
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false)) registry.ReloadIfChanged();
    }
}
