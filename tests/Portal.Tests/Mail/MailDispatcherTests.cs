using System.Net;
using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Mail;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Mail;

/// The sender on its own portals (no demo), where a test may break the SMTP side or run two instances.
public sealed class MailDispatcherTests
{
    private static PasswordResetMail SomeMail(string name) => new(name, new Uri("https://portal.example/account/reset-password?token=x"), TimeSpan.FromHours(2));

    private static async Task EnqueueAsync(PortalFactory portal, IEnumerable<string> recipients)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var outbox = scope.ServiceProvider.GetRequiredService<Outbox>();
        foreach (var recipient in recipients)
        {
            await outbox.EnqueueAsync(SomeMail(recipient), recipient, null, "en");
        }

        await scope.ServiceProvider.GetRequiredService<PortalDbContext>().SaveChangesAsync();
    }

    private static Task<OutboxMessage> RowAsync(PortalFactory portal, string to) =>
        portal.WithDbAsync(db => db.OutboxMessages.AsNoTracking().SingleAsync(m => m.To == to));

    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    [Fact]
    public async Task A_mail_is_parked_as_failed_after_the_last_allowed_attempt()
    {
        await using var portal = new PortalFactory(seedDemo: false)
            .With("Mail:Smtp:Host", "127.0.0.1")
            .With("Mail:Smtp:Port", ClosedPort().ToString(System.Globalization.CultureInfo.InvariantCulture))
            .With("Mail:Smtp:Security", "None")
            .With("Mail:MaxAttempts", "3")
            .With("Mail:RetryBaseDelay", "00:00:00.050")
            .With("Mail:RetryMaxDelay", "00:00:00.100")
            .With("Mail:PollInterval", "00:00:00.050");
        var to = TestAccounts.Unique("parked");

        await EnqueueAsync(portal, [to]);

        await Eventually.TrueAsync(async () => (await RowAsync(portal, to)).Status == OutboxStatus.Failed, "the mail is parked");
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        var row = await RowAsync(portal, to);
        Assert.Equal(OutboxStatus.Failed, row.Status);
        Assert.Equal(3, row.Attempts);
        Assert.Contains("refused", row.LastError, StringComparison.OrdinalIgnoreCase);
        Assert.Null(row.SentAt);
    }

    [Fact]
    public async Task A_mailbox_the_server_refuses_is_parked_at_once_while_other_mails_go_out()
    {
        await using var portal = new MailTestPortal(seedDemo: false);
        var refused = TestSmtpServer.UnknownMailboxPrefix + TestAccounts.Unique("x");
        var fine = TestAccounts.Unique("fine");

        await EnqueueAsync(portal, [refused, fine]);

        await portal.Smtp.WaitForMessageToAsync(fine);
        await Eventually.TrueAsync(async () => (await RowAsync(portal, refused)).Status == OutboxStatus.Failed, "the refused mail is parked");
        var row = await RowAsync(portal, refused);
        Assert.Equal(1, row.Attempts);
        Assert.Contains("550", row.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_mail_claimed_by_an_instance_that_died_is_sent_once_its_lease_runs_out()
    {
        await using var portal = new MailTestPortal(seedDemo: false);
        var abandoned = TestAccounts.Unique("abandoned");
        var stillLeased = TestAccounts.Unique("leased");
        await portal.WithDbAsync(async db =>
        {
            var now = DateTimeOffset.UtcNow;
            OutboxMessage Claimed(string to, DateTimeOffset leaseUntil) => new()
            {
                Kind = "Test",
                To = to,
                Subject = "Claimed by a dead instance",
                HtmlBody = "<p>Hello</p>",
                TextBody = "Hello",
                MessageId = $"{Guid.NewGuid():N}@portal.test",
                Status = OutboxStatus.Sending,
                Attempts = 1,
                ClaimedBy = "dead-instance",
                LeaseUntil = leaseUntil,
                NextAttemptAt = now.AddMinutes(-5),
                CreatedAt = now.AddMinutes(-5),
            };
            db.OutboxMessages.AddRange(Claimed(abandoned, now.AddSeconds(-1)), Claimed(stillLeased, now.AddHours(1)));
            return await db.SaveChangesAsync();
        });

        await portal.Smtp.WaitForMessageToAsync(abandoned);
        await Eventually.TrueAsync(async () => (await RowAsync(portal, abandoned)).Status == OutboxStatus.Sent, "the abandoned mail is marked sent");

        var taken = await RowAsync(portal, abandoned);
        Assert.NotEqual("dead-instance", taken.ClaimedBy);
        Assert.Equal(2, taken.Attempts);
        var leased = await RowAsync(portal, stillLeased);
        Assert.Equal((OutboxStatus.Sending, "dead-instance"), (leased.Status, leased.ClaimedBy));
        Assert.Empty(portal.Smtp.MessagesTo(stillLeased));
    }

    [Fact]
    public async Task Two_instances_on_one_sqlite_database_send_every_mail_exactly_once()
    {
        var folder = Directory.CreateTempSubdirectory("portal-shared-");
        var database = Path.Combine(folder.FullName, "portal.db");
        await using (var first = new MailTestPortal(DatabaseKind.Sqlite, seedDemo: false, sharedDatabase: database))
        {
            _ = first.Services;
            await using var second = new MailTestPortal(DatabaseKind.Sqlite, seedDemo: false, sharedDatabase: database, smtp: first.Smtp);

            await TwoInstancesSendEveryMailOnceAsync(first, second);
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        folder.Delete(recursive: true);
    }

    [Fact]
    [Trait("Category", "Postgres")]
    public async Task Two_instances_on_one_postgres_database_send_every_mail_exactly_once()
    {
        await using var first = new MailTestPortal(DatabaseKind.Postgres, seedDemo: false);
        _ = first.Services;
        await using var second = new MailTestPortal(DatabaseKind.Postgres, seedDemo: false, sharedDatabase: first.DatabaseName, smtp: first.Smtp) { DropDatabaseOnDispose = false };

        await TwoInstancesSendEveryMailOnceAsync(first, second);
    }

    private static async Task TwoInstancesSendEveryMailOnceAsync(MailTestPortal first, MailTestPortal second)
    {
        _ = second.Services;
        var recipients = Enumerable.Range(1, 150).Select(i => TestAccounts.Unique($"both{i}")).ToList();

        await EnqueueAsync(first, recipients);

        await Eventually.TrueAsync(
            () => Task.FromResult(recipients.All(r => first.Smtp.MessagesTo(r).Count > 0)),
            "every mail has arrived",
            TimeSpan.FromSeconds(60));
        await Eventually.TrueAsync(
            () => first.WithDbAsync(db => db.OutboxMessages.AllAsync(m => m.Status == OutboxStatus.Sent)),
            "every mail is marked sent");
        // Give a duplicate, if either sender produced one, the time to show up.
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.All(recipients, r => Assert.Single(first.Smtp.MessagesTo(r)));
        Assert.Equal(recipients.Count, first.Smtp.Messages.Select(m => m.MessageId).Distinct().Count());
        var senders = await first.WithDbAsync(db => db.OutboxMessages.Select(m => m.ClaimedBy).Distinct().ToListAsync());
        Assert.True(senders.Count == 2, $"Both instances should have sent some of the mails; senders: {string.Join(", ", senders)}");
    }
}
