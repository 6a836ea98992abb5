using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Customers;
using Portal.Data;
using Portal.Mail;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Mail;

[Collection(MailCollection.Name)]
public sealed class MailDeliveryTests(MailPortal portal)
{
    private async Task RequestPasswordResetAsync(string email)
    {
        var client = portal.CreateHtmlClient();
        var page = await client.GetDocumentAsync("/account/forgot-password");
        var response = await client.SubmitAsync(page, "main form", new Dictionary<string, string> { ["Input.Email"] = email });
        HtmlClient.AssertRedirect(response, "/account/forgot-password");
    }

    private static PasswordResetMail SomeMail() => new("Test", new Uri("https://portal.example/account/reset-password?token=x"), TimeSpan.FromHours(2));

    [Fact]
    public async Task Password_reset_mail_arrives_at_the_smtp_server_with_recipient_subject_and_body()
    {
        var email = TestAccounts.Unique("delivered");
        await portal.CreateUserAsync(email, await portal.CustomerIdAsync("10001"), displayName: "Rita Reset");

        await RequestPasswordResetAsync(email);

        var mail = await portal.Smtp.WaitForMessageToAsync(email);
        Assert.Equal("Reset your password", mail.Subject);
        var to = Assert.Single(mail.To.Mailboxes);
        Assert.Equal((email, "Rita Reset"), (to.Address, to.Name));
        var from = Assert.Single(mail.From.Mailboxes);
        Assert.Equal((MailTestPortal.From, MailTestPortal.SellerName), (from.Address, from.Name));
        Assert.Contains("Hello Rita Reset,", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("http://localhost/account/reset-password?userId=", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("href=\"http://localhost/account/reset-password?userId=", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains(MailTestPortal.SellerStreet, mail.TextBody, StringComparison.Ordinal);
        Assert.Contains(MailTestPortal.SellerStreet, mail.HtmlBody, StringComparison.Ordinal);
        Assert.Equal("auto-generated", mail.Headers["Auto-Submitted"]);

        // The SMTP server holds the message a moment before the dispatcher records it as sent.
        Task<OutboxMessage> StoredAsync() => portal.WithDbAsync(db => db.OutboxMessages.AsNoTracking().SingleAsync(m => m.To == email));
        await Eventually.TrueAsync(async () => (await StoredAsync()).Status == OutboxStatus.Sent, "the mail is marked sent");
        var stored = await StoredAsync();
        Assert.NotNull(stored.SentAt);
        Assert.Equal(stored.MessageId, mail.MessageId);
    }

    [Fact]
    public async Task A_german_speaking_user_gets_the_mail_in_german()
    {
        var email = TestAccounts.Unique("deutsch");
        await portal.CreateUserAsync(email, await portal.CustomerIdAsync("10001"), language: "de", displayName: "Dora Deutsch");

        await RequestPasswordResetAsync(email);

        var mail = await portal.Smtp.WaitForMessageToAsync(email);
        Assert.Equal("Passwort zurücksetzen", mail.Subject);
        Assert.Contains("Hallo Dora Deutsch,", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("2 Stunden", mail.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_name_with_markup_arrives_encoded_in_the_html_body()
    {
        var email = TestAccounts.Unique("markup");
        await portal.CreateUserAsync(email, await portal.CustomerIdAsync("10001"), displayName: "<img src=x onerror=alert(1)>");

        await RequestPasswordResetAsync(email);

        var mail = await portal.Smtp.WaitForMessageToAsync(email);
        Assert.DoesNotContain("<img src=x", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("Hello &lt;img src=x onerror=alert(1)&gt;,", mail.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_mail_written_with_a_business_change_that_fails_is_never_sent()
    {
        var email = TestAccounts.Unique("rollback");
        await using (var scope = portal.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            await scope.ServiceProvider.GetRequiredService<Outbox>().EnqueueAsync(SomeMail(), email, null, "en");
            // The business change breaks a unique index; the mail must go down with it.
            db.Customers.Add(new Customer { Number = "10001", Name = "Duplicate of Kunz" });

            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        }

        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.False(await portal.WithDbAsync(db => db.OutboxMessages.AnyAsync(m => m.To == email)));
        Assert.Empty(portal.Smtp.MessagesTo(email));
    }

    [Fact]
    public async Task A_mail_written_in_a_transaction_that_rolls_back_is_never_sent()
    {
        var email = TestAccounts.Unique("rolledback");
        await using (var scope = portal.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            await scope.ServiceProvider.GetRequiredService<Outbox>().EnqueueAsync(SomeMail(), email, null, "en");
            await db.SaveChangesAsync();
            await transaction.RollbackAsync();
        }

        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.False(await portal.WithDbAsync(db => db.OutboxMessages.AnyAsync(m => m.To == email)));
        Assert.Empty(portal.Smtp.MessagesTo(email));
    }

    [Fact]
    public async Task A_dedupe_key_lets_a_business_event_write_its_mail_only_once()
    {
        var email = TestAccounts.Unique("dedupe");
        var key = $"test-event:{email}";
        await using (var scope = portal.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<Outbox>().EnqueueAsync(SomeMail(), email, null, "en", key);
            await scope.ServiceProvider.GetRequiredService<PortalDbContext>().SaveChangesAsync();
        }

        await using (var scope = portal.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<Outbox>().EnqueueAsync(SomeMail(), email, null, "en", key);
            await Assert.ThrowsAsync<DbUpdateException>(() => scope.ServiceProvider.GetRequiredService<PortalDbContext>().SaveChangesAsync());
        }

        await portal.Smtp.WaitForMessageToAsync(email);
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        Assert.Single(portal.Smtp.MessagesTo(email));
    }
}
