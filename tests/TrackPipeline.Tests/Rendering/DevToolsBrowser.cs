using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace TrackPipeline.Tests.Rendering;

/// <summary>
/// Headless Chromium driven over the DevTools protocol (one page): navigate, evaluate, real mouse input, screenshots,
/// and every console error or uncaught exception collected. WebGL through SwiftShader (no GPU on the test machines).
/// </summary>
public sealed class DevToolsBrowser : IAsyncDisposable
{
    private readonly Process _chromium;
    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonElement>> _pending = new();
    private readonly CancellationTokenSource _stop = new();
    private Task _receive = Task.CompletedTask;
    private int _nextId;

    public ConcurrentQueue<string> Errors { get; } = new();

    private DevToolsBrowser(Process chromium) => _chromium = chromium;

    public static async Task<DevToolsBrowser> StartAsync(string profile)
    {
        Directory.CreateDirectory(profile);
        var start = new ProcessStartInfo(ChromiumFactAttribute.ChromiumPath) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { "--headless", "--no-sandbox", "--use-angle=swiftshader", "--enable-unsafe-swiftshader", "--ignore-gpu-blocklist",
                     "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--remote-debugging-port=0", $"--user-data-dir={profile}", "--window-size=1280,900", "about:blank" })
            start.ArgumentList.Add(a);
        var p = Process.Start(start)!;
        p.BeginErrorReadLine(); p.BeginOutputReadLine();
        var browser = new DevToolsBrowser(p);
        // Chromium writes the port it chose into DevToolsActivePort once it listens.
        var portFile = Path.Combine(profile, "DevToolsActivePort");
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!File.Exists(portFile) || new FileInfo(portFile).Length == 0)
        {
            if (DateTime.UtcNow > deadline || p.HasExited) throw new InvalidOperationException("chromium did not open its DevTools port");
            await Task.Delay(100);
        }
        var port = File.ReadAllLines(portFile)[0].Trim();
        using var http = new HttpClient();
        string? ws = null;
        while (ws is null)
        {
            using var list = JsonDocument.Parse(await http.GetStringAsync($"http://127.0.0.1:{port}/json/list"));
            ws = list.RootElement.EnumerateArray().Where(t => t.GetProperty("type").GetString() == "page")
                .Select(t => t.GetProperty("webSocketDebuggerUrl").GetString()).FirstOrDefault();
            if (ws is null) await Task.Delay(100);
        }
        await browser._socket.ConnectAsync(new Uri(ws), CancellationToken.None);
        browser._receive = Task.Run(browser.ReceiveLoop);
        await browser.SendAsync("Runtime.enable");
        await browser.SendAsync("Log.enable");
        await browser.SendAsync("Page.enable");
        return browser;
    }

    public async Task<JsonElement> SendAsync(string method, object? parameters = null)
    {
        int id = Interlocked.Increment(ref _nextId);
        var done = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = done;
        var bytes = JsonSerializer.SerializeToUtf8Bytes(new { id, method, @params = parameters ?? new { } });
        await _socket.SendAsync(bytes, WebSocketMessageType.Text, true, CancellationToken.None);
        var result = await done.Task.WaitAsync(TimeSpan.FromSeconds(60));
        if (result.TryGetProperty("error", out var error)) throw new InvalidOperationException($"{method}: {error}");
        return result.GetProperty("result");
    }

    /// <summary>The value of a JavaScript expression (returned by value).</summary>
    public async Task<string?> EvaluateAsync(string expression)
    {
        var r = await SendAsync("Runtime.evaluate", new { expression, returnByValue = true });
        var v = r.GetProperty("result");
        return v.TryGetProperty("value", out var value) ? value.ToString() : null;
    }

    public async Task WaitForAsync(string expression, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (await EvaluateAsync(expression) != "True")
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"'{expression}' did not become true within {timeout.TotalSeconds} s; errors: {string.Join(" | ", Errors)}");
            await Task.Delay(200);
        }
    }

    public async Task<byte[]> ScreenshotAsync() =>
        Convert.FromBase64String((await SendAsync("Page.captureScreenshot", new { format = "png" })).GetProperty("data").GetString()!);

    /// <summary>A left-button drag in steps, as a user turning the view.</summary>
    public async Task DragAsync(double x0, double y0, double x1, double y1, int steps = 12)
    {
        await SendAsync("Input.dispatchMouseEvent", new { type = "mouseMoved", x = x0, y = y0 });
        await SendAsync("Input.dispatchMouseEvent", new { type = "mousePressed", x = x0, y = y0, button = "left", buttons = 1, clickCount = 1 });
        for (int i = 1; i <= steps; i++)
            await SendAsync("Input.dispatchMouseEvent", new { type = "mouseMoved", x = x0 + (x1 - x0) * i / steps, y = y0 + (y1 - y0) * i / steps, button = "left", buttons = 1 });
        await SendAsync("Input.dispatchMouseEvent", new { type = "mouseReleased", x = x1, y = y1, button = "left", buttons = 0, clickCount = 1 });
    }

    private async Task ReceiveLoop()
    {
        var buffer = new byte[1 << 20];
        var message = new MemoryStream();
        try
        {
            while (!_stop.IsCancellationRequested && _socket.State == WebSocketState.Open)
            {
                var r = await _socket.ReceiveAsync(buffer, _stop.Token);
                message.Write(buffer, 0, r.Count);
                if (!r.EndOfMessage) continue;
                using var doc = JsonDocument.Parse(message.ToArray());
                message.SetLength(0);
                var root = doc.RootElement;
                if (root.TryGetProperty("id", out var id) && _pending.TryRemove(id.GetInt32(), out var tcs)) tcs.SetResult(root.Clone());
                else if (root.TryGetProperty("method", out var m)) Collect(m.GetString()!, root.GetProperty("params"));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException) { }
    }

    private void Collect(string method, JsonElement p)
    {
        if (method == "Runtime.exceptionThrown") Errors.Enqueue("exception: " + p.GetProperty("exceptionDetails").ToString());
        else if (method == "Runtime.consoleAPICalled" && p.GetProperty("type").GetString() == "error") Errors.Enqueue("console.error: " + p.GetProperty("args").ToString());
        else if (method == "Log.entryAdded" && p.GetProperty("entry").GetProperty("level").GetString() == "error") Errors.Enqueue("log: " + p.GetProperty("entry").GetProperty("text").GetString());
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        try { await _receive.WaitAsync(TimeSpan.FromSeconds(5)); } catch (TimeoutException) { }
        _socket.Dispose();
        try { if (!_chromium.HasExited) _chromium.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        _chromium.WaitForExit(10_000);
        _chromium.Dispose();
    }
}
