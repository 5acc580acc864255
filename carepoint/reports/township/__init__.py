"""The township office's forms over its villages, read only from the township's copy (tw_*):

    roster      老年人花名册 of every village, a village column, the public-notice variant
    subsidies   补贴发放花名册: per village, subtotals per type and village, the grand total
    meals       助餐月统计表: per person with a village column, and the villages' totals
    monthly     运营月报: the villages' figures side by side and charts comparing them
    visits      探访情况: each village's visit rate as it reported it, and open follow-ups

Each writer takes (store, month, out, *, village=None, public, today, progress, cancelled); with
`village` (a code) the form covers that village alone.
"""
