using Portal.Catalogs;
using Microsoft.EntityFrameworkCore;
using Portal.Data;

namespace Portal.Sales;

/// What a buyer asks inside sales for from the shop: a call about an order or a product, or a product the catalog
/// does not have. Each becomes an escalation of the buyer's own company; the order or product is looked up within
/// that company's reach, never taken on trust from the form.
public sealed class CustomerRequests(PortalDbContext db, EscalationIntake intake, Catalogs.CatalogAccess catalog)
{
    public const int QuestionMaxLength = 500;

    public sealed record Requester(string UserId, int CustomerId);

    /// "Please call me" about one of the company's orders; null when the order is not the company's.
    public async Task<EscalationIntake.Raised?> CallMeAboutOrderAsync(Requester who, string orderNumber, string? question, CancellationToken cancellationToken)
    {
        var order = await db.Orders.AsNoTracking().Where(o => o.Number == orderNumber && o.CustomerId == who.CustomerId)
            .Select(o => new { o.Id, o.Number }).SingleOrDefaultAsync(cancellationToken);
        if (order is null)
        {
            return null;
        }

        var caller = await CallerAsync(who, cancellationToken);
        return await intake.RaiseOnceAsync(
            EscalationIntake.Keys.CallbackForOrder(order.Id),
            EscalationType.CallbackRequest,
            who.CustomerId,
            string.IsNullOrWhiteSpace(question)
                ? EscalationReasons.CallbackAboutOrder.Format(caller.Text, order.Number)
                : EscalationReasons.CallbackAboutOrderWithQuestion.Format(caller.Text, order.Number, question.Trim()),
            question,
            caller.Name,
            orderId: order.Id,
            raisedByUserId: who.UserId,
            cancellationToken: cancellationToken);
    }

    /// "Please call me" about a product of the company's catalog; null when the company cannot see the product.
    public async Task<EscalationIntake.Raised?> CallMeAboutProductAsync(Requester who, int productId, string? question, CancellationToken cancellationToken)
    {
        var product = await catalog.VisibleProducts(who.CustomerId).AsNoTracking().Where(p => p.Id == productId)
            .Select(p => new { p.Id, Name = ContentLanguage.Pick(p.Name, p.NameDe) }).SingleOrDefaultAsync(cancellationToken);
        if (product is null)
        {
            return null;
        }

        var caller = await CallerAsync(who, cancellationToken);
        return await intake.RaiseOnceAsync(
            EscalationIntake.Keys.CallbackForProduct(who.CustomerId, product.Id),
            EscalationType.CallbackRequest,
            who.CustomerId,
            string.IsNullOrWhiteSpace(question)
                ? EscalationReasons.CallbackAboutProduct.Format(caller.Text, product.Name)
                : EscalationReasons.CallbackAboutProductWithQuestion.Format(caller.Text, product.Name, question.Trim()),
            question,
            caller.Name,
            productId: product.Id,
            raisedByUserId: who.UserId,
            cancellationToken: cancellationToken);
    }

    /// A product the search did not find. The reason is what product management reads later (escalations of type
    /// NotInCatalog): the wish in the buyer's words, pack size and quantity, and the search that came up empty.
    public async Task<EscalationIntake.Raised> NotInCatalogAsync(Requester who, string? searchTerm, string request, string? packSize, string? quantity, CancellationToken cancellationToken)
    {
        var caller = await CallerAsync(who, cancellationToken);
        var details = string.Join(", ", new[] { Part("pack", packSize), Part("qty", quantity) }.Where(p => p is not null));
        var wish = $"{request.Trim()}{(details.Length == 0 ? "" : $" ({details})")}";
        var reason = string.IsNullOrWhiteSpace(searchTerm)
            ? EscalationReasons.NotInCatalog.Format(wish, caller.Text)
            : EscalationReasons.NotInCatalogAfterSearch.Format(wish, searchTerm.Trim(), caller.Text);
        return await intake.RaiseOnceAsync(
            EscalationIntake.Keys.NotInCatalog(who.CustomerId, request),
            EscalationType.NotInCatalog,
            who.CustomerId,
            reason,
            details.Length == 0 ? null : $"Again: {details}",
            caller.Name,
            raisedByUserId: who.UserId,
            cancellationToken: cancellationToken);
    }

    /// When the open callback request for an order or product was made, for the buyer's page; null when none is open.
    public Task<DateTimeOffset?> OpenCallbackAsync(int customerId, int? orderId, int? productId, CancellationToken cancellationToken)
    {
        var key = orderId is { } o ? EscalationIntake.Keys.CallbackForOrder(o) : EscalationIntake.Keys.CallbackForProduct(customerId, productId!.Value);
        return OpenCallbackQuery.For(db)(db, key, customerId, cancellationToken);
    }

    // On every order page (the product page reads it with the cart count in its own query); compiled so that EF does
    // not translate it again for each request.
    private static readonly CompiledPerModel<Func<PortalDbContext, string, int, CancellationToken, Task<DateTimeOffset?>>> OpenCallbackQuery = new(() => EF.CompileAsyncQuery(
        (PortalDbContext db, string key, int customerId, CancellationToken _) => db.Escalations
            .Where(e => e.OpenKey == key && e.CustomerId == customerId && e.Status == EscalationStatus.Open)
            .Select(e => (DateTimeOffset?)e.CreatedAt)
            .SingleOrDefault()));

    private async Task<(string Name, string Text)> CallerAsync(Requester who, CancellationToken cancellationToken)
    {
        var user = await db.Users.AsNoTracking().Where(u => u.Id == who.UserId && u.CustomerId == who.CustomerId)
            .Select(u => new { u.DisplayName, u.Email, u.PhoneNumber }).SingleAsync(cancellationToken);
        var reach = string.Join(", ", new[] { user.PhoneNumber, user.Email }.Where(x => !string.IsNullOrWhiteSpace(x)));
        return (user.DisplayName, reach.Length == 0 ? user.DisplayName : $"{user.DisplayName} ({reach})");
    }

    private static string? Part(string name, string? value) => string.IsNullOrWhiteSpace(value) ? null : $"{name}: {value.Trim()}";
}
