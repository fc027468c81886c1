using System.Text;
using System.Text.Json;
using Microsoft.Playwright;

namespace CityMesh.EndToEnd.Tests;

/// <summary>
/// Debian's Chromium driven by Microsoft.Playwright: one headless browser with one page, as an operator's screen.
/// Playwright launches the system browser by <see cref="BrowserTypeLaunchOptions.ExecutablePath"/>, so no browser is
/// downloaded (this project never runs <c>playwright install</c>).
/// </summary>
public sealed class ChromiumPage : IAsyncDisposable
{
    public const string Executable = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly StringBuilder _log = new();

    private ChromiumPage(IPlaywright playwright, IBrowser browser, IPage page)
    {
        _playwright = playwright;
        _browser = browser;
        Page = page;
        // What the page said and where it failed, for the test's output when an assertion does.
        page.Console += (_, message) => { lock (_log) _log.AppendLine($"console.{message.Type}: {message.Text}"); };
        page.PageError += (_, error) => { lock (_log) _log.AppendLine($"page error: {error}"); };
        page.RequestFailed += (_, request) => { lock (_log) _log.AppendLine($"request failed: {request.Method} {request.Url} {request.Failure}"); };
    }

    public static bool IsInstalled => File.Exists(Executable);

    public IPage Page { get; }

    /// <summary>What the page logged, threw or failed to load (useful when a page misbehaves).</summary>
    public string Log
    {
        get { lock (_log) return _log.ToString(); }
    }

    public static async Task<ChromiumPage> LaunchAsync(int width, int height)
    {
        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = Executable,
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking", "--disable-component-update"],
            });
            var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
            return new ChromiumPage(playwright, browser, page);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    public async Task NavigateAsync(string url, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var response = await Page.GotoAsync(url, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
        if (response is { Ok: false }) throw new InvalidOperationException($"Chromium could not load {url}: {response.Status}");
    }

    /// <summary>Evaluates an expression in the page (awaiting promises) and returns its JSON value.</summary>
    public async Task<JsonElement> EvaluateAsync(string expression, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        return await Page.EvaluateAsync<JsonElement>(expression);
    }

    /// <summary>Polls <paramref name="condition"/> (a JS boolean expression) until it holds.</summary>
    public async Task WaitForAsync(string condition, TimeSpan timeout, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        try
        {
            await Page.WaitForFunctionAsync(condition, null, new PageWaitForFunctionOptions { Timeout = (float)timeout.TotalMilliseconds, PollingInterval = 200 });
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The page never satisfied {condition} within {timeout}.");
        }
    }

    /// <summary>Presses a key in the focused element, as a keyboard user does (<paramref name="code"/> as in KeyboardEvent.code).</summary>
    public async Task PressAsync(string code, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        await Page.Keyboard.PressAsync(code);
    }

    public async Task ScreenshotAsync(string path, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path });
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.CloseAsync();
        _playwright.Dispose();
    }
}
