using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Import;
using Portal.Ordering;
using Portal.ProductManagement;

namespace Portal.Api;

public sealed record ApiOrderLine(string? Sku, int Quantity);

/// An order from a customer's own system. buyerEmail: the customer's portal user it is placed for (the order
/// limit and budget of that user apply, the confirmation goes to them); without it, the company's oldest active user.
public sealed record ApiOrderRequest(
    string? CustomerNumber, string? BuyerEmail, IReadOnlyList<ApiOrderLine>? Lines, string? CustomerReference, DateOnly? RequestedDeliveryDate, string? Comment, string? DeliveryOption);

public sealed record ApiOrderResponse(string Number, OrderStatus Status, decimal TotalNet, decimal TotalGross, string Currency);

public enum ApiOrderChange
{
    Placed,

    /// The same Idempotency-Key with the same request again: the order placed the first time.
    Replayed,
    KeyReused,
    Invalid,
}

public sealed record ApiOrderOutcome(ApiOrderChange Change, ApiOrderResponse? Order = null, IDictionary<string, string[]>? Errors = null);

/// Orders for machine customers (POST /api/v1/orders): placed through OrderPlacement like a buyer's checkout, so
/// every check applies (catalog, prices, minimum order value, credit limit, blocked customer, order limits), with
/// the channel Api, which is self-service: untouched, the order counts as touchless. Exactly once per
/// Idempotency-Key and API client; the same key with another request is refused.
public sealed class ApiOrders(PortalDbContext db, CartService carts, CustomerTerms terms, OrderPlacement placement, AuditTrail audit)
{
    public const int MaxKeyLength = 100;
    public const int MaxLines = 500;

    public async Task<ApiOrderOutcome> PlaceAsync(int clientId, string idempotencyKey, ApiOrderRequest request, CancellationToken cancellationToken)
    {
        // Per client, so two ERPs cannot collide; hashed, so any key the client likes fits the column.
        var key = "api-" + ApiKeys.Hash($"{clientId}\n{idempotencyKey}")[..56];
        var hash = ApiKeys.Hash(JsonSerializer.Serialize(request, JsonSerializerOptions.Web));
        if (await ReplayAsync(key, hash, cancellationToken) is { } replay)
        {
            return replay;
        }

        var errors = new ApiErrors();
        var customer = string.IsNullOrWhiteSpace(request.CustomerNumber) ? null
            : await db.Customers.AsNoTracking().Where(c => c.Number == request.CustomerNumber.Trim()).Select(c => new { c.Id }).SingleOrDefaultAsync(cancellationToken);
        if (customer is null)
        {
            errors.Add("customerNumber", "The number of a customer known to the portal.");
        }

        if (request.Lines is not { Count: > 0 and <= MaxLines })
        {
            errors.Add("lines", $"Between 1 and {MaxLines} lines (sku and quantity).");
        }

        if (errors.Any)
        {
            return Invalid(errors);
        }

        var users = db.Users.AsNoTracking().Where(u => u.CustomerId == customer!.Id && u.IsActive);
        var userId = await (request.BuyerEmail is { } email ? users.Where(u => u.NormalizedEmail == email.Trim().ToUpperInvariant()) : users.OrderBy(u => u.CreatedAt))
            .Select(u => u.Id).FirstOrDefaultAsync(cancellationToken);
        if (userId is null)
        {
            errors.Add(request.BuyerEmail is null ? "customerNumber" : "buyerEmail", request.BuyerEmail is null ? "The customer has no active portal user to place the order for." : "No active portal user of this customer has this e-mail address.");
        }

        var skus = request.Lines!.Select(l => l.Sku?.Trim().ToUpperInvariant()).OfType<string>().Distinct().ToList();
        var packs = (await db.PackSizes.AsNoTracking().Where(s => skus.Contains(s.Sku.ToUpper())).Select(s => new { s.Id, s.Sku }).ToListAsync(cancellationToken))
            .ToLookup(s => s.Sku, StringComparer.OrdinalIgnoreCase);
        var wanted = new List<(int PackSizeId, int Quantity)>();
        for (var i = 0; i < request.Lines!.Count; i++)
        {
            var line = request.Lines[i];
            var pack = line.Sku is null ? null : Skus.Match(packs[line.Sku.Trim()], p => p.Sku, line.Sku.Trim());
            if (pack is null)
            {
                errors.Add($"lines[{i}].sku", $"Unknown SKU '{line.Sku}'.");
            }
            else if (line.Quantity is < 1 or > CartService.MaxQuantity)
            {
                errors.Add($"lines[{i}].quantity", $"1 to {CartService.MaxQuantity} packs.");
            }
            else
            {
                wanted.Add((pack.Id, line.Quantity));
            }
        }

        if (errors.Any)
        {
            return Invalid(errors);
        }

        var lines = await carts.PriceLinesAsync(customer!.Id, wanted, OrderChannel.Api, cancellationToken);
        foreach (var (line, i) in lines.Lines.Select((l, i) => (l, i)).Where(l => !l.l.IsAvailable || l.l.UnitPrice is null))
        {
            errors.Add($"lines[{i}].sku", $"{line.Sku} is not in the customer's catalog or has no price for it.");
        }

        if (errors.Any)
        {
            return Invalid(errors);
        }

        var customerTerms = await terms.ForAsync(customer.Id, cancellationToken);
        var address = customerTerms.Customer.Addresses.Where(a => a.Kind == Customers.AddressKind.Delivery).OrderByDescending(a => a.IsDefault).ThenBy(a => a.Id).FirstOrDefault();
        var placed = await placement.PlaceAsync(userId!, customer.Id, new OrderPlacement.Request(
                key,
                address?.Id,
                request.DeliveryOption ?? customerTerms.DeliveryOptions.FirstOrDefault()?.Code,
                request.CustomerReference,
                request.RequestedDeliveryDate,
                request.Comment,
                PaymentMethod.OnAccount,
                OrderChannel.Api),
            cancellationToken,
            order => order.RequestHash = hash,
            lines);
        switch (placed.Outcome)
        {
            case OrderPlacement.Outcome.Placed:
                var order = await db.Orders.AsNoTracking().SingleAsync(o => o.Id == placed.OrderId, cancellationToken);
                audit.Record(AuditItemTypes.Order, AuditTrail.Format(order.Id), order.Number, AuditAction.Created,
                    [new("Channel", null, OrderChannel.Api.ToString()), new("Status", null, order.Status.ToString()), new("TotalGross", null, AuditTrail.Format(order.TotalGross))]);
                await audit.SaveChangesAsync(cancellationToken);
                return new ApiOrderOutcome(ApiOrderChange.Placed, Response(order));
            case OrderPlacement.Outcome.AlreadyPlaced:
                // Two calls with one key raced; the other one placed it.
                return await ReplayAsync(key, hash, cancellationToken) ?? throw new InvalidOperationException("The order placed under this key is gone.");
            default:
                foreach (var (field, message) in placed.Errors)
                {
                    errors.Add(Field(field), message);
                }

                return Invalid(errors);
        }
    }

    private async Task<ApiOrderOutcome?> ReplayAsync(string key, string hash, CancellationToken cancellationToken)
    {
        var existing = await db.Orders.AsNoTracking().Where(o => o.IdempotencyKey == key).SingleOrDefaultAsync(cancellationToken);
        return existing is null ? null
            : existing.RequestHash == hash ? new ApiOrderOutcome(ApiOrderChange.Replayed, Response(existing))
            : new ApiOrderOutcome(ApiOrderChange.KeyReused, Response(existing));
    }

    private static ApiOrderResponse Response(Order order) => new(order.Number, order.Status, order.TotalNet, order.TotalGross, order.Currency);

    private static ApiOrderOutcome Invalid(ApiErrors errors) => new(ApiOrderChange.Invalid, Errors: errors.ToDictionary());

    // OrderPlacement names the checkout form's fields; the API names its request's.
    private static string Field(string formField) => formField switch
    {
        "DeliveryAddressId" => "customerNumber",
        "DeliveryOptionCode" => "deliveryOption",
        "RequestedDeliveryDate" => "requestedDeliveryDate",
        "Comment" => "comment",
        "PaymentMethod" => "customerNumber",
        _ => "",
    };
}
