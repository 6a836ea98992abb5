using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.ServiceModules;

namespace Portal.ProductManagement;

/// Cooperation partners and the products each delivers directly to the customer. A product has at most one
/// partner; every change is audited under the partner now delivering, naming the former one in the old value.
public sealed class PartnerEditor(PortalDbContext db, AuditTrail audit)
{
    public async Task<IReadOnlyList<FieldError>> AddAsync(string? name, string? email, CancellationToken cancellationToken)
    {
        name = name?.Trim() ?? "";
        email = string.IsNullOrWhiteSpace(email) ? null : email.Trim();
        var errors = new List<FieldError>();
        if (name.Length is 0 or > 200)
        {
            errors.Add(new FieldError("NewName", "Please enter the partner's name (at most 200 characters)."));
        }
        else if (await db.Partners.AnyAsync(p => p.Name == name, cancellationToken))
        {
            errors.Add(new FieldError("NewName", "A partner with this name exists already."));
        }

        if (email is not null && (email.Length > 256 || !new EmailAddressAttribute().IsValid(email)))
        {
            errors.Add(new FieldError("NewEmail", "Please enter a valid e-mail address."));
        }

        if (errors.Count == 0)
        {
            var created = db.Partners.Add(new Partner { Name = name, Email = email }).Entity;
            audit.RecordChanges(created, AuditItemTypes.Partner, name);
            await audit.SaveChangesAsync(cancellationToken);
        }

        return errors;
    }

    public sealed record Assigned(string Product, string Partner);

    /// The partner delivers the product of this SKU from now on, with its lead time in working days.
    public async Task<(Assigned? Done, IReadOnlyList<FieldError> Errors)> AssignAsync(int? partnerId, string? sku, int? leadTimeDays, CancellationToken cancellationToken)
    {
        var upper = sku?.Trim().ToUpperInvariant() ?? "";
        var product = await db.PackSizes.Where(s => s.Sku == upper).Select(s => s.Product!).SingleOrDefaultAsync(cancellationToken);
        var partner = await db.Partners.SingleOrDefaultAsync(p => p.Id == partnerId, cancellationToken);
        var errors = new List<FieldError>();
        if (partner is null)
        {
            errors.Add(new FieldError("AssignPartnerId", "Please choose a partner."));
        }

        if (product is null)
        {
            errors.Add(new FieldError("AssignSku", "There is no pack size with this article number."));
        }

        if (leadTimeDays is not (>= 1 and <= 90))
        {
            errors.Add(new FieldError("AssignLeadTime", "Please enter a lead time from 1 to 90 working days."));
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var existing = await db.PartnerProducts.Include(p => p.Partner).SingleOrDefaultAsync(p => p.ProductId == product!.Id, cancellationToken);
        var before = existing is null ? null : $"{existing.Partner!.Name}, {existing.LeadTimeDays}";
        if (existing is null)
        {
            db.PartnerProducts.Add(new PartnerProduct { ProductId = product!.Id, PartnerId = partner!.Id, LeadTimeDays = leadTimeDays!.Value });
        }
        else
        {
            existing.PartnerId = partner!.Id;
            existing.LeadTimeDays = leadTimeDays!.Value;
        }

        var productName = ProductEditor.AuditName(product!);
        audit.Record(AuditItemTypes.Partner, Key(partner.Id), partner.Name, AuditAction.Changed,
            [new FieldChange($"Drop-ship {productName} (partner, lead time)", before, $"{partner.Name}, {leadTimeDays}")]);
        await audit.SaveChangesAsync(cancellationToken);
        return (new Assigned(productName, partner.Name), []);
    }

    /// The product is delivered from the warehouse again.
    public async Task UnassignAsync(int productId, CancellationToken cancellationToken)
    {
        var assignment = await db.PartnerProducts.Include(p => p.Partner).Include(p => p.Product).SingleOrDefaultAsync(p => p.ProductId == productId, cancellationToken);
        if (assignment is not null)
        {
            db.PartnerProducts.Remove(assignment);
            audit.Record(AuditItemTypes.Partner, Key(assignment.PartnerId), assignment.Partner!.Name, AuditAction.Changed,
                [new FieldChange($"Drop-ship {ProductEditor.AuditName(assignment.Product!)} (partner, lead time)", $"{assignment.Partner.Name}, {assignment.LeadTimeDays}", null)]);
            await audit.SaveChangesAsync(cancellationToken);
        }
    }

    /// A deactivated partner's products are delivered from the warehouse until it is active again.
    public async Task<bool> ToggleActiveAsync(int partnerId, CancellationToken cancellationToken)
    {
        var partner = await db.Partners.SingleOrDefaultAsync(p => p.Id == partnerId, cancellationToken);
        if (partner is null)
        {
            return false;
        }

        partner.IsActive = !partner.IsActive;
        audit.RecordChanges(partner, AuditItemTypes.Partner, partner.Name);
        await audit.SaveChangesAsync(cancellationToken);
        return true;
    }

    private static string Key(int id) => id.ToString(CultureInfo.InvariantCulture);
}
