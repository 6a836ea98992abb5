using Microsoft.EntityFrameworkCore;
using Portal.Customers;
using Portal.Data;
using Portal.Pricing;

namespace Portal.ProductManagement;

/// Price lists themselves as product managers change them: a new list, its name and validity, and the single
/// customers who buy from it instead of their segment's list. The prices in a list are PriceEditor's.
public sealed class PriceListEditor(PortalDbContext db, AuditTrail audit)
{
    public async Task<bool> CodeTakenAsync(string code, CancellationToken cancellationToken) =>
        await db.PriceLists.AnyAsync(l => l.Code == code, cancellationToken);

    public async Task<int> CreateAsync(string code, string name, Segment? segment, DateOnly? validFrom, DateOnly? validTo, CancellationToken cancellationToken)
    {
        var list = db.PriceLists.Add(new PriceList { Code = code, Name = name.Trim(), Segment = segment, ValidFrom = validFrom, ValidTo = validTo }).Entity;
        audit.RecordChanges(list, AuditItemTypes.PriceList, list.Name);
        await audit.SaveChangesAsync(cancellationToken);
        return list.Id;
    }

    public async Task<EditOutcome> SaveDetailsAsync(int id, string? name, Segment? segment, DateOnly? validFrom, DateOnly? validTo, CancellationToken cancellationToken)
    {
        var list = await db.PriceLists.SingleOrDefaultAsync(l => l.Id == id, cancellationToken);
        if (list is null)
        {
            return EditOutcome.NotFound;
        }

        if (string.IsNullOrWhiteSpace(name) || name.Length > 200)
        {
            return EditOutcome.Refused("Please enter a name of at most 200 characters.");
        }

        if (validFrom is { } from && validTo is { } to && to < from)
        {
            return EditOutcome.Refused("The end of validity cannot be before its start.");
        }

        list.Name = name.Trim();
        list.Segment = segment;
        list.ValidFrom = validFrom;
        list.ValidTo = validTo;
        audit.RecordChanges(list, AuditItemTypes.PriceList, list.Name);
        await audit.SaveChangesAsync(cancellationToken);
        return EditOutcome.Done("The price list was saved.");
    }

    public async Task<EditOutcome> AddCustomerAsync(int id, string? number, CancellationToken cancellationToken)
    {
        var customer = await db.Customers.SingleOrDefaultAsync(c => c.Number == (number ?? "").Trim(), cancellationToken);
        if (customer is null)
        {
            return EditOutcome.Refused("There is no customer with the number {0}.", number ?? "");
        }

        if (await db.PriceLists.AsNoTracking().SingleOrDefaultAsync(l => l.Id == id, cancellationToken) is not { } list)
        {
            return EditOutcome.NotFound;
        }

        if (customer.PriceListId != id)
        {
            customer.PriceListId = id;
            audit.Record(AuditItemTypes.PriceList, PriceEditor.Key(id), list.Name, AuditAction.Changed, [new FieldChange("Customer", null, $"{customer.Number} {customer.Name}")]);
            await audit.SaveChangesAsync(cancellationToken);
        }

        return EditOutcome.Done("The customer now buys from this list.");
    }

    public async Task<EditOutcome> RemoveCustomerAsync(int id, int customerId, CancellationToken cancellationToken)
    {
        var customer = await db.Customers.SingleOrDefaultAsync(c => c.Id == customerId && c.PriceListId == id, cancellationToken);
        if (customer is not null)
        {
            var list = await db.PriceLists.AsNoTracking().SingleAsync(l => l.Id == id, cancellationToken);
            customer.PriceListId = null;
            audit.Record(AuditItemTypes.PriceList, PriceEditor.Key(id), list.Name, AuditAction.Changed, [new FieldChange("Customer", $"{customer.Number} {customer.Name}", null)]);
            await audit.SaveChangesAsync(cancellationToken);
        }

        return EditOutcome.Done("The customer buys from its segment's list again.");
    }
}
