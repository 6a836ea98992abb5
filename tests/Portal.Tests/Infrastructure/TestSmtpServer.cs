using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Portal.Tests.Infrastructure;

/// A real SMTP server on 127.0.0.1 (the SmtpServer package), in the test process so a test can stop it and
/// start it again on the same port to play an outage. Everything it accepts is kept, parsed, for the test to read.
/// Recipients whose local part starts with "unknown-" are refused with 550, as a real server refuses a missing mailbox.
public sealed class TestSmtpServer : IAsyncDisposable
{
    public const string UnknownMailboxPrefix = "unknown-";

    private readonly ConcurrentQueue<MimeMessage> received = new();
    private SmtpServer.SmtpServer? server;
    private CancellationTokenSource? stop;
    private Task? running;

    public TestSmtpServer()
    {
        Port = FreePort();
        Start();
    }

    public int Port { get; }

    public bool IsRunning => server is not null;

    public IReadOnlyList<MimeMessage> Messages => received.ToArray();

    public IReadOnlyList<MimeMessage> MessagesTo(string address) =>
        received.Where(m => m.To.Mailboxes.Any(b => string.Equals(b.Address, address, StringComparison.OrdinalIgnoreCase))).ToList();

    public void Start()
    {
        if (server is not null)
        {
            return;
        }

        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(endpoint => endpoint.Endpoint(new IPEndPoint(IPAddress.Loopback, Port)))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(received));
        services.Add(new RefuseUnknownMailboxes());
        server = new SmtpServer.SmtpServer(options, services);
        stop = new CancellationTokenSource();
        running = server.StartAsync(stop.Token);
        WaitUntilListening();
    }

    public async Task StopAsync()
    {
        if (server is null)
        {
            return;
        }

        server.Shutdown();
        await stop!.CancelAsync();
        try
        {
            await running!;
        }
        catch (OperationCanceledException)
        {
        }

        stop.Dispose();
        server = null;
        WaitUntilRefusing();
    }

    /// The first mail to the address, waiting for it to arrive.
    public async Task<MimeMessage> WaitForMessageToAsync(string address, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (DateTime.UtcNow < deadline)
        {
            if (MessagesTo(address) is [var message, ..])
            {
                return message;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"No mail to {address} arrived at the SMTP server on port {Port}. It received {received.Count} mail(s): {string.Join(", ", received.Select(m => m.To.ToString()))}");
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private void WaitUntilListening()
    {
        for (var i = 0; i < 100; i++)
        {
            if (CanConnect())
            {
                return;
            }

            Thread.Sleep(20);
        }

        throw new InvalidOperationException($"The test SMTP server did not start listening on port {Port}.");
    }

    private void WaitUntilRefusing()
    {
        for (var i = 0; i < 100 && CanConnect(); i++)
        {
            Thread.Sleep(20);
        }
    }

    private bool CanConnect()
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private sealed class RefuseUnknownMailboxes : MailboxFilter
    {
        public override Task<bool> CanDeliverToAsync(ISessionContext context, SmtpServer.Mail.IMailbox to, SmtpServer.Mail.IMailbox from, CancellationToken cancellationToken) =>
            Task.FromResult(!to.User.StartsWith(UnknownMailboxPrefix, StringComparison.OrdinalIgnoreCase));
    }

    private sealed class Store(ConcurrentQueue<MimeMessage> received) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            await using var stream = new MemoryStream();
            foreach (var segment in buffer)
            {
                await stream.WriteAsync(segment, cancellationToken);
            }

            stream.Position = 0;
            received.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            return SmtpResponse.Ok;
        }
    }
}
