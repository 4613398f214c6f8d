# Django's Vietnamese formats name "." as the thousands separator but set no
# grouping, so intcomma would print 12345; Vietnamese writes 12.345.
NUMBER_GROUPING = 3
