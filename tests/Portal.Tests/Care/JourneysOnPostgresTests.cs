using Microsoft.EntityFrameworkCore;
using Portal.Care.Journeys;
using Portal.Sales;
using Portal.Segmentation;
using Portal.Tests.Infrastructure;
using Portal.Tests.Reordering;

namespace Portal.Tests.Care;

/// Two portal instances on one PostgreSQL database and one clock, both running the journeys' worker every 200 ms:
/// every invitation, journey mail and task exists exactly once.
[Trait("Category", "Postgres")]
public sealed class JourneysOnPostgresTests : IAsyncLifetime, IDisposable
{
    private readonly string database = $"portal_test_{Guid.NewGuid():N}";
    private readonly SettableClock clock = new(new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero));
    private PostgresJourneyPortal first = null!;
    private PostgresJourneyPortal second = null!;

    public Task InitializeAsync()
    {
        first = new PostgresJourneyPortal(database, clock);
        _ = first.Services;
        second = new PostgresJourneyPortal(database, clock, first.Smtp) { DropDatabaseOnDispose = false };
        _ = second.Services;
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        second.Dispose();
        first.Dispose();
    }

    [Fact]
    public async Task Two_instances_send_every_journey_mail_and_make_every_task_once()
    {
        var customers = new List<CareCustomer>();
        for (var i = 0; i < 6; i++)
        {
            var customer = await (i % 2 == 0 ? first : second).NewCareCustomerAsync(clock);
            await first.ActionAsync(customer, SegmentationActionKind.MoveToSelfService, clock);
            customers.Add(customer);
        }

        foreach (var customer in customers)
        {
            await first.UntilAsync(customer, JourneyDefaults.Welcome, e => e.CurrentStep == 3, $"{customer.Number} waits for day 14");
        }

        // Every mail of day 0 handed to the SMTP server first: the outbox's send lease runs on this clock too, and a
        // jump of 14 days in the middle of a send would let the other instance take the mail over.
        foreach (var customer in customers)
        {
            await first.OutboxDrainedAsync(customer.BuyerEmail);
            await first.OutboxDrainedAsync(customer.ContactEmail);
        }

        clock.Advance(TimeSpan.FromDays(14));
        foreach (var customer in customers)
        {
            await first.UntilAsync(customer, JourneyDefaults.Welcome, e => e.Status == JourneyEnrolmentStatus.Completed, $"{customer.Number} got to the end");
        }

        var smtp = first.Smtp;
        foreach (var customer in customers)
        {
            await first.OutboxDrainedAsync(customer.BuyerEmail);
            await first.OutboxDrainedAsync(customer.ContactEmail);
            // The buyer: the mail. The contact: the invitation and the mail.
            Assert.Single(smtp.MessagesTo(customer.BuyerEmail));
            Assert.Equal(2, smtp.MessagesTo(customer.ContactEmail).Count);
            Assert.Single(smtp.MessagesTo(customer.ContactEmail), m => m.Subject!.Contains("invites you", StringComparison.Ordinal));
            var task = Assert.Single(await first.TasksAsync(customer));
            Assert.Equal(CareTaskKind.MoveToSelfService, task.Kind);
            Assert.Equal(1, await first.WithDbAsync(db => db.Invitations.CountAsync(i => i.CustomerId == customer.Id)));
            Assert.Equal(1, await first.WithDbAsync(db => db.ReorderLists.CountAsync(l => l.CustomerId == customer.Id)));
        }
    }
}
