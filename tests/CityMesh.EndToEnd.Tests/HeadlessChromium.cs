using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CityMesh.EndToEnd.Tests;

/// <summary>
/// Debian's headless Chromium driven over the DevTools protocol (a WebSocket of JSON commands), so a test can load
/// a page, evaluate JavaScript in it and take screenshots, with nothing but the browser installed.
/// </summary>
public sealed class HeadlessChromium : IAsyncDisposable
{
    public const string Executable = "/usr/bin/chromium";

    private readonly Process _process;
    private readonly string _profile;
    private readonly ClientWebSocket _socket = new();
    private readonly Dictionary<int, TaskCompletionSource<JsonElement>> _pending = [];
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _closing = new();
    private readonly StringBuilder _log = new();
    private Task _receiving = Task.CompletedTask;
    private int _nextId;

    private HeadlessChromium(Process process, string profile)
    {
        _process = process;
        _profile = profile;
    }

    public static bool IsInstalled => File.Exists(Executable);

    /// <summary>What the browser wrote to stderr (useful when a page misbehaves).</summary>
    public string Log
    {
        get { lock (_log) return _log.ToString(); }
    }

    public static async Task<HeadlessChromium> LaunchAsync(int width, int height, CancellationToken ct)
    {
        var profile = Directory.CreateTempSubdirectory("citymesh-chromium-").FullName;
        var start = new ProcessStartInfo(Executable,
        [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            $"--user-data-dir={profile}", "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
            $"--window-size={width},{height}", "about:blank",
        ])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{Executable} did not start");
        var browser = new HeadlessChromium(process, profile);
        process.ErrorDataReceived += (_, e) => { lock (browser._log) browser._log.AppendLine(e.Data); };
        process.OutputDataReceived += (_, e) => { lock (browser._log) browser._log.AppendLine(e.Data); };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        try
        {
            await browser.AttachAsync(ct);
            return browser;
        }
        catch
        {
            await browser.DisposeAsync();
            throw;
        }
    }

    /// <summary>Chromium writes its chosen port to DevToolsActivePort in the profile; the page target is listed at /json/list.</summary>
    private async Task AttachAsync(CancellationToken ct)
    {
        var portFile = Path.Combine(_profile, "DevToolsActivePort");
        while (!File.Exists(portFile) || new FileInfo(portFile).Length == 0)
        {
            if (_process.HasExited) throw new InvalidOperationException($"Chromium exited with {_process.ExitCode}:\n{Log}");
            await Task.Delay(100, ct);
        }
        var port = (await File.ReadAllLinesAsync(portFile, ct))[0].Trim();
        using var http = new HttpClient();
        string? pageSocket = null;
        while (pageSocket is null)
        {
            var targets = JsonNode.Parse(await http.GetStringAsync($"http://127.0.0.1:{port}/json/list", ct))!.AsArray();
            pageSocket = targets.FirstOrDefault(t => (string?)t!["type"] == "page")?["webSocketDebuggerUrl"]?.GetValue<string>();
            if (pageSocket is null) await Task.Delay(100, ct);
        }
        await _socket.ConnectAsync(new Uri(pageSocket), ct);
        _receiving = Task.Run(ReceiveAsync, CancellationToken.None);
        await SendAsync("Page.enable", null, ct);
        await SendAsync("Runtime.enable", null, ct);
    }

    public async Task NavigateAsync(string url, CancellationToken ct)
    {
        var result = await SendAsync("Page.navigate", new JsonObject { ["url"] = url }, ct);
        if (result.TryGetProperty("errorText", out var error)) throw new InvalidOperationException($"Chromium could not load {url}: {error}");
    }

    /// <summary>Evaluates an expression in the page (awaiting promises) and returns its JSON value.</summary>
    public async Task<JsonElement> EvaluateAsync(string expression, CancellationToken ct)
    {
        var result = await SendAsync("Runtime.evaluate", new JsonObject
        {
            ["expression"] = expression,
            ["returnByValue"] = true,
            ["awaitPromise"] = true,
        }, ct);
        if (result.TryGetProperty("exceptionDetails", out var exception))
            throw new InvalidOperationException($"The page threw evaluating {expression}: {exception}");
        var remote = result.GetProperty("result");
        return remote.TryGetProperty("value", out var value) ? value.Clone() : default;
    }

    /// <summary>Polls <paramref name="condition"/> (a JS boolean expression) until it holds.</summary>
    public async Task WaitForAsync(string condition, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var value = await EvaluateAsync(condition, ct);
            if (value.ValueKind == JsonValueKind.True) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"The page never satisfied {condition} within {timeout}.");
            await Task.Delay(200, ct);
        }
    }

    /// <summary>Presses a key in the focused element, as a keyboard user does (<paramref name="code"/> as in KeyboardEvent.code).</summary>
    public async Task PressAsync(string key, string code, int keyCode, CancellationToken ct)
    {
        foreach (var type in new[] { "keyDown", "keyUp" })
        {
            var e = new JsonObject { ["type"] = type, ["key"] = key, ["code"] = code, ["windowsVirtualKeyCode"] = keyCode };
            if (type == "keyDown") e["text"] = key;
            await SendAsync("Input.dispatchKeyEvent", e, ct);
        }
    }

    public async Task ScreenshotAsync(string path, CancellationToken ct)
    {
        var result = await SendAsync("Page.captureScreenshot", new JsonObject { ["format"] = "png" }, ct);
        await File.WriteAllBytesAsync(path, Convert.FromBase64String(result.GetProperty("data").GetString()!), ct);
    }

    private async Task<JsonElement> SendAsync(string method, JsonObject? parameters, CancellationToken ct)
    {
        var id = Interlocked.Increment(ref _nextId);
        var reply = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock) _pending[id] = reply;
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? new JsonObject() };
        await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        return await reply.Task.WaitAsync(timeout.Token);
    }

    /// <summary>Matches replies to commands by id; protocol events (no id) are not needed here and are dropped.</summary>
    private async Task ReceiveAsync()
    {
        var buffer = new byte[64 * 1024];
        var message = new MemoryStream();
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var received = await _socket.ReceiveAsync(buffer, _closing.Token);
                if (received.MessageType == WebSocketMessageType.Close) break;
                message.Write(buffer, 0, received.Count);
                if (!received.EndOfMessage) continue;
                using (var doc = JsonDocument.Parse(message.ToArray()))
                {
                    var root = doc.RootElement;
                    if (root.TryGetProperty("id", out var idElement))
                    {
                        TaskCompletionSource<JsonElement>? reply;
                        lock (_lock) _pending.Remove(idElement.GetInt32(), out reply);
                        if (root.TryGetProperty("error", out var error))
                            reply?.TrySetException(new InvalidOperationException($"DevTools error: {error}"));
                        else
                            reply?.TrySetResult(root.GetProperty("result").Clone());
                    }
                }
                message.SetLength(0);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
            // Closing, or the browser went away: pending commands fail below.
        }
        lock (_lock)
        {
            foreach (var reply in _pending.Values) reply.TrySetException(new InvalidOperationException($"Chromium closed the DevTools connection.\n{Log}"));
            _pending.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _closing.CancelAsync();
        _socket.Abort();
        await _receiving;
        _socket.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        _closing.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
            // A crash reporter may still hold a file; the temp folder is reclaimed later.
        }
    }
}
