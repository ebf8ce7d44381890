using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hermes.Bot.Tests.Intake;
using Hermes.Bot.Tests.Support;
using Microsoft.Playwright;

namespace Hermes.Bot.Tests.Dashboard;

/// <summary>
/// The dashboard in real headless Chromium (Debian's, driven by Playwright; no browser is downloaded), against the
/// real bot listening on a loopback port.
/// </summary>
public sealed class DashboardBrowserTests : IAsyncLifetime
{
    private BotFactory _bot = null!;
    private HttpClient _client = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;
    private string _base = "";

    public async Task InitializeAsync()
    {
        var port = FreePort();
        _bot = new BotFactory();
        _bot.UseKestrel(port);
        // StartServer blocks on the host's start; off xunit's synchronisation context so it cannot wait on itself.
        await Task.Run(_bot.StartServer);
        _base = $"http://localhost:{port}";
        _client = new HttpClient { BaseAddress = new Uri(_base) };
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        _client.Dispose();
        await _bot.DisposeAsync();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task<long> CaseAsync(string key, string ns)
    {
        await AlertPosts.PostAsync(_client, DashboardPageTests.Alert(key, ns, "bash -c 'cat /etc/shadow'"));
        for (var i = 0; i < 200; i++)
        {
            var cases = JsonNode.Parse(await _client.GetStringAsync("/api/v1/cases"))!.AsArray();
            if (cases.FirstOrDefault(c => (string?)c!["workloadKey"] == $"prod-eu/{ns}/web-1" && (string?)c["state"] is not ("Open" or "ResolvingOwner")) is { } found)
                return (long)found["id"]!;
            await Task.Delay(50);
        }
        throw new TimeoutException("no case");
    }

    private async Task<IPage> PageAsync(bool javaScript = true)
    {
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions { JavaScriptEnabled = javaScript, ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        page.Console += (_, message) => { if (message.Type == "error") _consoleErrors.Add($"{message.Text} ({message.Location})"); };
        page.PageError += (_, error) => _consoleErrors.Add(error);
        return page;
    }

    private readonly List<string> _consoleErrors = [];

    [Fact]
    public async Task Cases_FilterInPlaceWithHtmx_OpenACase_AndItsPageRenders()
    {
        var owned = await CaseAsync("ui-1", "shop");
        var unowned = await CaseAsync("ui-2", "elsewhere");
        var page = await PageAsync();
        await page.GotoAsync($"{_base}/ui/cases");
        await Assertions.Expect(page.Locator($"#cases a[href='/ui/cases/{unowned}']")).ToBeVisibleAsync();

        // Changing the select refreshes the table in place (htmx) and keeps the filter in the address bar.
        await page.SelectOptionAsync("select[name=state]", "Escalated");
        await Assertions.Expect(page.Locator($"#cases a[href='/ui/cases/{owned}']")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator($"#cases a[href='/ui/cases/{unowned}']")).ToBeVisibleAsync();
        Assert.Contains("state=Escalated", page.Url, StringComparison.Ordinal);

        await page.GotoAsync($"{_base}/ui/cases");
        await page.ClickAsync($"#cases a[href='/ui/cases/{owned}']");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync($"Case {owned}: Terminal shell in container");
        await Assertions.Expect(page.Locator("#ownership")).ToContainTextAsync("shop-frontend");
        await Assertions.Expect(page.Locator("#ownership")).ToContainTextAsync("backstage.io/kubernetes-namespace");
        await Assertions.Expect(page.Locator("#evidence")).ToContainTextAsync("bash -c 'cat /etc/shadow'");
        await Assertions.Expect(page.Locator("#timeline tbody tr").First).ToBeVisibleAsync();

        // Screenshot check: the case page is a full-width, styled page with content (not blank, not an error page).
        var png = await page.ScreenshotAsync(new PageScreenshotOptions { FullPage = true });
        var shot = Path.Combine(AppContext.BaseDirectory, "dashboard-case-page.png");
        await File.WriteAllBytesAsync(shot, png);
        var stats = await PixelStatsAsync(png);
        Assert.Equal(1280, stats.Width);
        Assert.True(stats.Height >= 600, $"{stats.Height} px high");
        Assert.InRange(stats.Ink, 0.02, 0.6);       // share of pixels that are not the page background
        Assert.True(stats.HeaderDark, "the dark navigation bar is drawn");
        Assert.Empty(_consoleErrors);
    }

    [Fact]
    public async Task Suppression_IsRemovedFromThePage_AfterConfirming()
    {
        await _client.PostAsync("/api/v1/suppressions", new StringContent(
            """{"rule":"Terminal shell in container","scope":"namespace","scopeValue":"shop","author":"sam","reason":"known job"}""", System.Text.Encoding.UTF8, "application/json"));
        var page = await PageAsync();
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await page.GotoAsync($"{_base}/ui/suppressions");
        await page.FillAsync("#suppressions input[name=by]", "sam");
        await page.ClickAsync("#suppressions button");
        await Assertions.Expect(page.Locator("p.notice")).ToContainTextAsync("removed by sam");
        await Assertions.Expect(page.Locator("#suppressions")).ToHaveCountAsync(0);
        Assert.Empty(_consoleErrors);
    }

    [Fact]
    public async Task WithoutJavaScript_FiltersAndLookupsStillWork()
    {
        var unowned = await CaseAsync("ui-3", "elsewhere");
        var page = await PageAsync(javaScript: false);
        await page.GotoAsync($"{_base}/ui/cases");
        await page.SelectOptionAsync("select[name=state]", "Escalated");
        await page.ClickAsync("form.filters button");
        await Assertions.Expect(page.Locator($"#cases a[href='/ui/cases/{unowned}']")).ToBeVisibleAsync();
        await page.GotoAsync($"{_base}/ui/ownership");
        await page.FillAsync("input[name=namespace]", "shop");
        await page.ClickAsync("form.filters button");
        await Assertions.Expect(page.Locator("#answer")).ToContainTextAsync("shop-frontend");
    }

    private sealed record Stats(int Width, int Height, double Ink, bool HeaderDark);

    // Decodes the PNG in the browser itself and measures it on a canvas (no image library needed here).
    private async Task<Stats> PixelStatsAsync(byte[] png)
    {
        var page = await PageAsync();
        await page.SetContentAsync($"<img id=shot src=\"data:image/png;base64,{Convert.ToBase64String(png)}\">");
        await page.WaitForFunctionAsync("document.getElementById('shot').complete");
        var json = await page.EvaluateAsync<JsonElement>("""
            () => {
              const img = document.getElementById('shot');
              const canvas = document.createElement('canvas');
              canvas.width = img.naturalWidth; canvas.height = img.naturalHeight;
              const g = canvas.getContext('2d'); g.drawImage(img, 0, 0);
              const data = g.getImageData(0, 0, canvas.width, canvas.height).data;
              let ink = 0;
              for (let i = 0; i < data.length; i += 4)
                if (Math.abs(data[i] - 0xf7) + Math.abs(data[i + 1] - 0xf8) + Math.abs(data[i + 2] - 0xfa) > 24) ink++;
              const header = g.getImageData(2, 2, 1, 1).data;
              return { width: canvas.width, height: canvas.height, ink: ink / (data.length / 4), headerDark: header[0] < 60 && header[1] < 60 && header[2] < 60 };
            }
            """);
        return new Stats(json.GetProperty("width").GetInt32(), json.GetProperty("height").GetInt32(), json.GetProperty("ink").GetDouble(), json.GetProperty("headerDark").GetBoolean());
    }
}
