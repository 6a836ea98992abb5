using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Portal.Tests.Infrastructure;

/// Where a test run keeps what is not the tests' verdict: the app logs of every test host go to one file per host
/// under .test-run/logs (PORTAL_TEST_LOGS overrides it), so that the console shows only results and failures.
/// ./test.sh removes the folder after a green run and names it after a red one.
public static class TestLogs
{
    private static int hosts;

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string Folder { get; } = Environment.GetEnvironmentVariable("PORTAL_TEST_LOGS") is { Length: > 0 } folder
        ? folder
        : Path.Combine(RepositoryRoot, ".test-run", "logs");

    /// A new file for one test host, named after the host's class and database kind, numbered in start order.
    public static string NewHostLog(string host)
    {
        Directory.CreateDirectory(Folder);
        var number = Interlocked.Increment(ref hosts);
        return Path.Combine(Folder, string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessId}-{number:D4}-{host}.log"));
    }

    private static string FindRepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Portal.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? AppContext.BaseDirectory;
    }
}

/// A plain file logger for test hosts. The framework ships none; a test host needs no more than this.
public sealed class FileLoggerProvider(string path) : ILoggerProvider
{
    private readonly ConcurrentDictionary<string, FileLogger> loggers = new();
    private readonly Lock gate = new();
    private StreamWriter? writer;
    private bool disposed;

    public string Path { get; } = path;

    public ILogger CreateLogger(string categoryName) => loggers.GetOrAdd(categoryName, name => new FileLogger(this, name));

    private void Write(string line)
    {
        lock (gate)
        {
            if (disposed)
            {
                return;
            }

            writer ??= new StreamWriter(new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
            writer.WriteLine(line);
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            disposed = true;
            writer?.Dispose();
            writer = null;
        }
    }

    private sealed class FileLogger(FileLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var text = formatter(state, exception);
            var line = string.Create(CultureInfo.InvariantCulture, $"{DateTimeOffset.UtcNow:HH:mm:ss.fff} {Level(logLevel)} {category}[{eventId.Id}] {text}");
            provider.Write(exception is null ? line : line + Environment.NewLine + exception);
        }

        private static string Level(LogLevel level) => level switch
        {
            LogLevel.Trace => "trce",
            LogLevel.Debug => "dbug",
            LogLevel.Information => "info",
            LogLevel.Warning => "warn",
            LogLevel.Error => "fail",
            _ => "crit",
        };
    }
}
