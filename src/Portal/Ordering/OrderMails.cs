using Portal.Catalogs;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Mail;

namespace Portal.Ordering;

/// Puts an order's confirmation into the outbox, in the caller's unit of work: the order and its mail are saved
/// together or not at all. The key per order and status keeps a repeated confirmation (a replayed webhook, a
/// resubmitted form) from sending twice.
public sealed class OrderMails(PortalDbContext db, Outbox outbox, MailLinks links)
{
    public sealed record Recipient(string Id, string Email, string DisplayName, string Language);

    public Task EnqueueConfirmationAsync(Order order, CancellationToken cancellationToken) =>
        EnqueueAsync(order, null, $"order-{order.Number}-{order.Status}", cancellationToken);

    /// The confirmation again after inside sales changed the order, with the clerk's reason. One per edit.
    public Task EnqueueChangedAsync(Order order, string reason, int editId, CancellationToken cancellationToken) =>
        EnqueueAsync(order, reason, $"order-{order.Number}-changed-{editId}", cancellationToken);

    /// Who hears about an order: the company user who placed it; for an order inside sales took on the phone
    /// (order on behalf) every active user of the company, so whoever called can check what was entered for them.
    public async Task<IReadOnlyList<Recipient>> RecipientsAsync(Order order, CancellationToken cancellationToken)
    {
        var users = db.Users.AsNoTracking().Where(u => u.CustomerId == order.CustomerId && u.Email != null);
        var buyer = order.PlacedByUserId is null
            ? null
            : await users.Where(u => u.Id == order.PlacedByUserId)
                .Select(u => new Recipient(u.Id, u.Email!, u.DisplayName, u.Language))
                .SingleOrDefaultAsync(cancellationToken);
        if (buyer is not null)
        {
            return [buyer];
        }

        return await users.Where(u => u.IsActive)
            .OrderBy(u => u.Email)
            .Select(u => new Recipient(u.Id, u.Email!, u.DisplayName, u.Language))
            .ToListAsync(cancellationToken);
    }

    /// One recipient keeps the plain key (as mails before order-on-behalf had it, so a replay after an upgrade
    /// still finds it); several get one key each, so every one of them receives the mail once.
    public static string DedupeKey(string key, Recipient user, int recipients) => recipients == 1 ? key : $"{key}-{user.Id}";

    public Uri OrderLink(Order order) =>
        links.To($"/shop/orders/{Uri.EscapeDataString(order.Number)}", new Dictionary<string, string?>());

    private async Task EnqueueAsync(Order order, string? changeReason, string dedupeKey, CancellationToken cancellationToken)
    {
        var recipients = await RecipientsAsync(order, cancellationToken);
        if (recipients.Count == 0)
        {
            return;
        }

        var company = await db.Customers.Where(c => c.Id == order.CustomerId).Select(c => c.Name).SingleAsync(cancellationToken);
        var link = OrderLink(order);

        // The order's lines are stored in the customer's language; each recipient reads the articles in their own.
        var packIds = order.Lines.Where(l => l.PackSizeId is not null).Select(l => l.PackSizeId!.Value).Distinct().ToList();
        var names = await db.PackSizes.AsNoTracking().Where(s => packIds.Contains(s.Id))
            .Select(s => new { s.Id, s.Name, s.NameDe, Product = s.Product!.Name, ProductDe = s.Product.NameDe })
            .ToDictionaryAsync(s => s.Id, cancellationToken);
        foreach (var user in recipients)
        {
            var language = CultureInfo.GetCultureInfo(user.Language);
            string Describe(OrderLine line) => line.PackSizeId is { } id && names.TryGetValue(id, out var n)
                ? $"{ContentLanguage.Pick(n.Product, n.ProductDe, language)} – {ContentLanguage.Pick(n.Name, n.NameDe, language)}"
                : line.Description;
            await outbox.EnqueueAsync(
                OrderConfirmationMail.For(order, user.DisplayName, company, link, changeReason, Describe),
                user.Email,
                user.DisplayName,
                user.Language,
                dedupeKey: DedupeKey(dedupeKey, user, recipients.Count));
        }
    }
}
