#include "model/fits/FitsHeaderCards.h"

#include "model/fitsfile/VisibleText.h"

namespace fits {
namespace {

bool isContinue(const FitsCard &card)
{
    return card.key == QLatin1String("CONTINUE");
}

// A value card whose value is a quoted string (column 11 on, after blanks, starts with a quote).
bool hasStringValue(const FitsCard &card)
{
    if (card.raw.size() < 11 || card.raw.mid(8, 2) != "= ")
        return false;
    for (int i = 10; i < card.raw.size(); ++i) {
        if (card.raw[i] != ' ')
            return card.raw[i] == '\'';
    }
    return false;
}

void appendComment(QString *to, const QString &more)
{
    if (more.isEmpty())
        return;
    if (!to->isEmpty())
        *to += QLatin1Char(' ');
    *to += more;
}

} // namespace

bool FitsHeaderCards::parseContinue(const FitsCard &card, QString *value, QString *comment)
{
    const QString text = QString::fromLatin1(card.raw).mid(8);
    int i = 0;
    while (i < text.size() && text[i] == QLatin1Char(' '))
        ++i;
    if (i >= text.size() || text[i] != QLatin1Char('\''))
        return false;
    QString out;
    bool closed = false;
    for (++i; i < text.size(); ++i) {
        if (text[i] == QLatin1Char('\'')) {
            if (i + 1 < text.size() && text[i + 1] == QLatin1Char('\'')) {
                out += QLatin1Char('\'');
                ++i;
                continue;
            }
            closed = true;
            ++i;
            break;
        }
        out += text[i];
    }
    if (!closed)
        return false;
    const int slash = text.indexOf(QLatin1Char('/'), i);
    *comment = slash >= 0 ? text.mid(slash + 1).trimmed() : QString();
    while (out.endsWith(QLatin1Char(' ')))
        out.chop(1);
    *value = out;
    return true;
}

QVector<FitsCard> FitsHeaderCards::mergeLongStrings(const QVector<FitsCard> &cards)
{
    QVector<FitsCard> out;
    out.reserve(cards.size());
    for (int i = 0; i < cards.size(); ++i) {
        FitsCard card = cards[i];
        if (hasStringValue(card)) {
            while (card.value.endsWith(QLatin1Char('&')) && i + 1 < cards.size() && isContinue(cards[i + 1])) {
                QString more, comment;
                if (!parseContinue(cards[i + 1], &more, &comment))
                    break;
                card.value.chop(1);
                card.value += more;
                appendComment(&card.comment, comment);
                card.raw += cards[i + 1].raw;
                ++i;
            }
        }
        out.push_back(std::move(card));
    }
    return out;
}

QVector<FitsCard> FitsHeaderCards::forDisplay(const QVector<FitsCard> &cards)
{
    QVector<FitsCard> out = mergeLongStrings(cards);
    for (FitsCard &card : out) {
        card.key = visibleText(card.key);
        card.value = visibleText(card.value);
        card.comment = visibleText(card.comment);
    }
    return out;
}

} // namespace fits
