using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Mail;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Mail;

[Collection(MailCollection.Name)]
public sealed class SmtpOutageTests(MailPortal portal)
{
    [Fact]
    public async Task Mails_wait_while_the_smtp_server_is_down_and_each_arrives_exactly_once_when_it_is_back()
    {
        var recipients = Enumerable.Range(1, 12).Select(i => TestAccounts.Unique($"outage{i}")).ToList();
        Task<List<OutboxMessage>> Rows() => portal.WithDbAsync(db => db.OutboxMessages.AsNoTracking().Where(m => recipients.Contains(m.To)).ToListAsync());

        await portal.Smtp.StopAsync();
        try
        {
            await using (var scope = portal.Services.CreateAsyncScope())
            {
                var outbox = scope.ServiceProvider.GetRequiredService<Outbox>();
                foreach (var recipient in recipients)
                {
                    await outbox.EnqueueAsync(new PasswordResetMail(recipient, new Uri("https://portal.example/account/reset-password?token=x"), TimeSpan.FromHours(2)), recipient, null, "en");
                }

                await scope.ServiceProvider.GetRequiredService<PortalDbContext>().SaveChangesAsync();
            }

            // A snapshot between attempts: the dispatcher keeps trying, and a row it has claimed reads Sending.
            List<OutboxMessage> waiting = [];
            await Eventually.TrueAsync(async () => (waiting = await Rows()).All(m => m.Attempts >= 3 && m.Status != OutboxStatus.Sending), "every mail has been tried three times");

            Assert.All(waiting, m =>
            {
                Assert.Equal(OutboxStatus.Pending, m.Status);
                Assert.Contains("refused", m.LastError, StringComparison.OrdinalIgnoreCase);
                Assert.True(m.NextAttemptAt > m.CreatedAt, "A failed mail is tried again later, not at once.");
            });
            Assert.DoesNotContain(portal.Smtp.Messages, m => recipients.Contains(m.To.Mailboxes.Single().Address));
        }
        finally
        {
            portal.Smtp.Start();
        }

        await Eventually.TrueAsync(async () => (await Rows()).All(m => m.Status == OutboxStatus.Sent), "every mail is sent");
        // Give a duplicate, if the sender produced one, the time to show up.
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.All(recipients, recipient => Assert.Single(portal.Smtp.MessagesTo(recipient)));
    }
}
