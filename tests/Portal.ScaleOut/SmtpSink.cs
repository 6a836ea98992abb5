using System.Buffers;
using System.Net;
using System.Text.Json;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Portal.ScaleOut;

/// A real SMTP server for the portal instances to send to: every mail it accepts becomes one JSON line in the log
/// (when it arrived, Message-Id, recipient, subject, text body), written and flushed before the server answers
/// 250, so the log holds exactly what the portal was told was delivered.
internal static class SmtpSink
{
    public sealed record Received(long At, string MessageId, string To, string Subject, string Text);

    public static async Task<int> RunAsync(int port, string log)
    {
        await using var writer = new StreamWriter(log, append: true) { AutoFlush = true };
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(endpoint => endpoint.Endpoint(new IPEndPoint(IPAddress.Loopback, port)))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(writer));
        var server = new SmtpServer.SmtpServer(options, services);
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stop.Cancel();
        });
        Console.WriteLine($"SMTP sink on 127.0.0.1:{port}, log {log}");
        try
        {
            await server.StartAsync(stop.Token);
        }
        catch (OperationCanceledException)
        {
        }

        return 0;
    }

    public static List<Received> Read(string log)
    {
        // The sink may be writing while this reads: share the file, and skip a line that is not complete yet.
        using var stream = new FileStream(log, FileMode.OpenOrCreate, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var mails = new List<Received>();
        while (reader.ReadLine() is { } line)
        {
            try
            {
                mails.Add(JsonSerializer.Deserialize<Received>(line)!);
            }
            catch (JsonException)
            {
            }
        }

        return mails;
    }

    private sealed class Store(StreamWriter writer) : MessageStore
    {
        private readonly Lock gate = new();

        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            await using var stream = new MemoryStream();
            foreach (var segment in buffer)
            {
                await stream.WriteAsync(segment, cancellationToken);
            }

            stream.Position = 0;
            var message = await MimeMessage.LoadAsync(stream, cancellationToken);
            var line = JsonSerializer.Serialize(new Received(
                DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), message.MessageId ?? "", message.To.Mailboxes.FirstOrDefault()?.Address ?? "",
                message.Subject ?? "", message.TextBody ?? ""));
            lock (gate)
            {
                writer.WriteLine(line);
            }

            return SmtpResponse.Ok;
        }
    }
}
